import { Alert, Anchor, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, get } from '../../api';
import type { components } from '../../api-types.gen';

type CampaignLink = components['schemas']['CampaignLink'];

export const campaignLinksKey = (campaignId: string) => ['campaigns', campaignId, 'links'] as const;

/**
 * A campaign's tracked links, one row per destination: clicks and recipients who clicked (link-preview
 * bots and HEAD requests are not counted). For the campaign report page; refreshes while it is open.
 */
export function CampaignLinks({ campaignId, refetchMs = 15_000 }: { campaignId: string; refetchMs?: number | false }) {
  const links = useQuery({
    queryKey: campaignLinksKey(campaignId),
    queryFn: () => get<{ data: CampaignLink[] }>(`/v1/campaigns/${encodeURIComponent(campaignId)}/links`),
    refetchInterval: refetchMs,
  });
  if (links.isPending) return <Loader size="sm" aria-label="Loading links" />;
  if (links.isError) return <Alert color="red">{errorMessage(links.error)}</Alert>;
  if (!links.data.data.length) {
    return <Text size="sm" c="dimmed">No tracked links: the text has no URL, or link tracking was off for this campaign.</Text>;
  }
  return (
    <Table data-testid="campaign-links" striped withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Link</Table.Th>
          <Table.Th ta="right">Clicks</Table.Th>
          <Table.Th ta="right">Unique clicks</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {links.data.data.map((l) => (
          <Table.Tr key={l.url}>
            <Table.Td style={{ wordBreak: 'break-all' }}>
              <Anchor href={l.url} target="_blank" rel="noopener noreferrer" size="sm">
                {l.url}
              </Anchor>
            </Table.Td>
            <Table.Td ta="right">{l.clicks.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{l.uniqueClicks.toLocaleString()}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
