import { Alert, Badge, Button, Checkbox, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, get, post } from '../../api';
import type { CarrierNumber, ImportedNumbers, Page, ProviderConnection } from '../../types';
import { formatPhone } from '../contacts/contactsApi';
import { NUMBERS_KEY } from '../inbox/inboxApi';
import { CONNECTIONS_KEY } from './connectionsApi';

const TYPE_LABELS: Record<string, string> = { long_code: 'Local', toll_free: 'Toll-free', short_code: 'Short code' };
const SKIP_LABELS: Record<string, string> = { already_attached: 'already in use here', number_taken: 'in use by another West Message account', number_not_on_carrier: 'not on this carrier account' };

/**
 * Lists the numbers the carrier account behind a connection already has (Twilio) and imports the
 * chosen ones — all that are not in use yet, by default — so they send through this connection.
 */
export function ImportNumbersModal({ connection, onClose }: { connection: ProviderConnection; onClose: () => void }) {
  const qc = useQueryClient();
  const path = `/v1/provider-connections/${encodeURIComponent(connection.id)}/carrier-numbers`;
  const listed = useQuery({ queryKey: ['carrier-numbers', connection.id], queryFn: () => get<Page<CarrierNumber>>(path), retry: false });
  const free = (listed.data?.data ?? []).filter((n) => !n.numberId).map((n) => n.phoneNumber);
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const chosen = picked ?? new Set(free);
  const run = useMutation({
    mutationFn: () => post<ImportedNumbers>(`${path}/import`, { phoneNumbers: [...chosen] }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      void qc.invalidateQueries({ queryKey: NUMBERS_KEY });
      void qc.invalidateQueries({ queryKey: ['carrier-numbers', connection.id] });
      const skipped = r.skipped.map((s) => `${formatPhone(s.phoneNumber)} (${SKIP_LABELS[s.reason] ?? s.reason})`).join(', ');
      notifications.show({ color: r.skipped.length ? 'yellow' : 'green', message: `Imported ${r.imported.length} number${r.imported.length === 1 ? '' : 's'}${skipped ? `; skipped ${skipped}` : ''}` });
      onClose();
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const toggle = (p: string) => setPicked(() => {
    const next = new Set(chosen);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    return next;
  });
  return (
    <Modal opened onClose={onClose} title={`Import numbers from ${connection.name}`} size="lg">
      {listed.isPending && <Loader size="sm" />}
      {listed.isError && <Alert color="red" data-testid="carrier-numbers-error">{errorMessage(listed.error)}</Alert>}
      {listed.data && (
        <Stack>
          {listed.data.data.length === 0 ? (
            <Text size="sm">This carrier account has no numbers.</Text>
          ) : (
            <Table data-testid="carrier-numbers">
              <Table.Tbody>
                {listed.data.data.map((n) => (
                  <Table.Tr key={n.phoneNumber} data-testid="carrier-number-row">
                    <Table.Td w={40}>
                      <Checkbox aria-label={`Import ${n.phoneNumber}`} disabled={Boolean(n.numberId)} checked={!n.numberId && chosen.has(n.phoneNumber)} onChange={() => toggle(n.phoneNumber)} />
                    </Table.Td>
                    <Table.Td>{formatPhone(n.phoneNumber)}</Table.Td>
                    <Table.Td>{TYPE_LABELS[n.type] ?? n.type}{n.mms ? ' · MMS' : ''}</Table.Td>
                    <Table.Td>{n.numberId ? <Badge variant="light" color="gray">In use</Badge> : null}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button disabled={!chosen.size} loading={run.isPending} onClick={() => run.mutate()}>
              Import {chosen.size} number{chosen.size === 1 ? '' : 's'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
