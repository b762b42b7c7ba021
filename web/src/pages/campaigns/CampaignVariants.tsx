import { Alert, Badge, Button, Loader, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, get, post } from '../../api';
import { canLaunchCampaigns, useSession } from '../../auth';
import type { components } from '../../api-types.gen';

type Campaign = components['schemas']['Campaign'];
type Variants = components['schemas']['CampaignVariants'];

const LETTER = (i: number) => String.fromCharCode(65 + i);
const PICKABLE = new Set(['scheduled', 'running', 'paused']);

/**
 * An A/B test's sample results per variant (recipients, clicks or replies, rate), the winner once
 * picked, and "Pick" to choose it by hand. For the campaign report page.
 */
export function CampaignVariants({ campaign, refetchMs = 15_000 }: { campaign: Campaign; refetchMs?: number | false }) {
  const qc = useQueryClient();
  const launcher = canLaunchCampaigns(useSession().user.role);
  const id = campaign.id;
  const variants = useQuery({
    queryKey: ['campaigns', id, 'variants'],
    queryFn: () => get<Variants>(`/v1/campaigns/${encodeURIComponent(id)}/variants`),
    refetchInterval: refetchMs,
  });
  const pick = useMutation({
    mutationFn: (variant: number) => post(`/v1/campaigns/${encodeURIComponent(id)}/pick-winner`, { variant }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['campaigns'] });
      notifications.show({ color: 'green', message: 'Winner picked: the rest of the audience gets it' });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'No winner picked', message: errorMessage(e) }),
  });
  if (variants.isPending) return <Loader size="sm" aria-label="Loading variants" />;
  if (variants.isError) return <Alert color="red">{errorMessage(variants.error)}</Alert>;
  const v = variants.data;
  const canPick = launcher && v.winner === null && PICKABLE.has(campaign.status);
  const metric = v.metric === 'clicks' ? 'Clicked' : 'Replied';
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">
        {v.samplePercent}% of the audience got a variant; {v.winner === null ? 'the rest waits for the winner' : `the rest gets variant ${LETTER(v.winner)}`}
        {campaign.abTest?.pickAfterHours && v.winner === null ? ` (picked by ${v.metric} ${campaign.abTest.pickAfterHours} h after the start)` : ''}.
      </Text>
      <Table data-testid="campaign-variants" striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Variant</Table.Th>
            <Table.Th ta="right">Recipients</Table.Th>
            <Table.Th ta="right">{metric}</Table.Th>
            <Table.Th ta="right">Rate</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {v.data.map((r) => (
            <Table.Tr key={r.variant} data-testid="variant-row">
              <Table.Td>
                <Text size="sm" fw={600}>
                  {LETTER(r.variant)} {v.winner === r.variant && <Badge color="green" size="xs">Winner</Badge>}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {r.body}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{r.recipients.toLocaleString()}</Table.Td>
              <Table.Td ta="right">{r.hits.toLocaleString()}</Table.Td>
              <Table.Td ta="right">{(r.rate * 100).toFixed(1)}%</Table.Td>
              <Table.Td ta="right">
                {canPick && (
                  <Button size="xs" variant="light" loading={pick.isPending && pick.variables === r.variant} onClick={() => pick.mutate(r.variant)}>
                    Pick {LETTER(r.variant)}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
