import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { errorMessage, get, post } from '../../api';
import type { components } from '../../api-types.gen';
import { useSession } from '../../auth';

type Transfer = components['schemas']['AccountBusinessTransfer'];
const KEY = ['transfers'] as const;

/** Settings → Change of owner: the account's business transfers, and the owner's acceptance of the Privacy Policy under the new owner. */
export function TransfersTab() {
  const { user } = useSession();
  const qc = useQueryClient();
  const transfers = useQuery({ queryKey: KEY, queryFn: () => get<{ data: Transfer[] }>('/v1/transfers') });
  const accept = useMutation({
    mutationFn: (id: string) => post<Transfer>(`/v1/transfers/${id}/accept`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: KEY });
      void qc.invalidateQueries({ queryKey: ['notices'] });
      notifications.show({ color: 'green', message: 'Privacy Policy accepted under the new owner' });
    },
  });

  if (transfers.isPending) return <Loader size="sm" />;
  if (transfers.isError) return <Alert color="red">{errorMessage(transfers.error)}</Alert>;
  const rows = transfers.data.data;
  if (rows.length === 0) return <Text c="dimmed">This account has not changed owner.</Text>;

  return (
    <Stack maw={760}>
      {accept.isError && <Alert color="red">{errorMessage(accept.error)}</Alert>}
      {rows.map((t) => (
        <Paper withBorder p="lg" key={t.id} data-testid="transfer">
          <Group justify="space-between" mb="xs">
            <Title order={4}>New owner: {t.acquirer}</Title>
            <Badge color={t.acceptanceRequired ? 'yellow' : 'green'}>{t.acceptanceRequired ? 'Acceptance pending' : 'Accepted'}</Badge>
          </Group>
          <Text size="sm" c="dimmed" mb="xs">
            {t.kind.replace('_', ' ')}, effective {t.effectiveOn}
          </Text>
          <Text mb="md">{t.description}</Text>
          {t.acceptanceRequired && user.role === 'owner' && (
            <Group>
              <Text size="sm">
                Read the <Link to="/legal/privacy">Privacy Policy</Link>: the information held about your customers and team stays under it with the new owner.
              </Text>
              <Button onClick={() => accept.mutate(t.id)} loading={accept.isPending}>
                Accept the Privacy Policy
              </Button>
            </Group>
          )}
          {t.acceptanceRequired && user.role !== 'owner' && <Text size="sm">The account owner is asked to accept the Privacy Policy under the new owner.</Text>}
        </Paper>
      ))}
    </Stack>
  );
}
