import { Alert, Badge, Button, Group, Loader, Modal, MultiSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, get, patch, post } from '../../api';
import type { components } from '../../api-types.gen';
import { ConfirmModal } from '../../components/ConfirmModal';
import { applyServerError } from '../../forms';
import { formatPhone } from '../contacts/contactsApi';
import { useNumbers } from '../inbox/inboxApi';

export type NumberPool = components['schemas']['NumberPool'];
/** The same key as the campaign composer's sender list, so a change here shows there at once. */
export const POOLS_KEY = ['number-pools'] as const;
export const usePools = () =>
  useQuery({ queryKey: POOLS_KEY, queryFn: async () => (await get<{ data: NumberPool[] }>('/v1/number-pools')).data });

interface Values {
  name: string;
  numberIds: string[];
}

/** Create a pool, or rename one and choose its numbers. */
function PoolModal({ pool, onClose }: { pool: NumberPool | null; onClose: () => void }) {
  const qc = useQueryClient();
  const numbers = useNumbers();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: pool?.name ?? '', numberIds: pool?.numbers.map((n) => n.id) ?? [] },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the pool'),
      numberIds: (v) => (v.length ? null : 'Choose at least one number'),
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { name: v.name.trim(), numberIds: v.numberIds };
      return pool ? patch<NumberPool>(`/v1/number-pools/${encodeURIComponent(pool.id)}`, body) : post<NumberPool>('/v1/number-pools', body);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: POOLS_KEY });
      notifications.show({ color: 'green', message: pool ? 'Pool saved' : 'Pool created' });
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e, { numberIds: 'numberIds' }, { pool_name_taken: 'name' })),
  });
  const options = (numbers.data?.data ?? []).map((n) => ({ value: n.id, label: formatPhone(n.phoneNumber) }));

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{pool ? `Edit ${pool.name}` : 'New number pool'}</Text>} centered>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label="Name" placeholder="e.g. Spring promotions" data-autofocus {...form.getInputProps('name')} />
          <MultiSelect
            label="Numbers"
            description="Each recipient always hears from the same number of the pool; new recipients are spread evenly. A recipient whose number leaves the pool gets another one the next time they are texted."
            data={options}
            searchable
            placeholder={numbers.isPending ? 'Loading numbers…' : 'Choose numbers'}
            nothingFoundMessage="No such number"
            {...form.getInputProps('numberIds')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {pool ? 'Save' : 'Create pool'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Settings → Numbers: number pools, which campaigns can send from (sticky sender). */
export function NumberPoolsSection({ admin }: { admin: boolean }) {
  const qc = useQueryClient();
  const pools = usePools();
  const [editing, setEditing] = useState<NumberPool | 'new' | null>(null);
  const [deleting, setDeleting] = useState<NumberPool | null>(null);
  const remove = useMutation({
    mutationFn: (p: NumberPool) => del(`/v1/number-pools/${encodeURIComponent(p.id)}`),
    onSuccess: () => {
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: POOLS_KEY });
      notifications.show({ color: 'green', message: 'Pool deleted' });
    },
  });
  const rows = pools.data ?? [];

  return (
    <Stack gap="sm" data-testid="number-pools">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={4}>Number pools</Title>
          <Text size="sm" c="dimmed">
            A campaign sent from a pool spreads its texts over several numbers, and each customer always hears from the same one.
          </Text>
        </Stack>
        {admin && (
          <Button size="sm" variant="light" onClick={() => setEditing('new')}>
            New pool
          </Button>
        )}
      </Group>
      {pools.isPending && <Loader size="sm" aria-label="Loading number pools" />}
      {pools.isError && <Alert color="red">{errorMessage(pools.error)}</Alert>}
      {pools.isSuccess && rows.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="pools-empty">
          No pools yet.
        </Text>
      )}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Pool</Table.Th>
                <Table.Th>Numbers</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.id} data-testid="pool-row" data-pool-id={p.id}>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {p.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {p.numbers.length === 0 && (
                        <Text size="xs" c="red">
                          No live number: campaigns cannot send from this pool
                        </Text>
                      )}
                      {p.numbers.map((n) => (
                        <Badge key={n.id} variant="light" color="gray" tt="none">
                          {formatPhone(n.phoneNumber)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {admin && (
                      <Group justify="flex-end" gap={4} wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => {
                            remove.reset();
                            setDeleting(p);
                          }}
                          aria-label={`Delete ${p.name}`}
                        >
                          Delete
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {editing && <PoolModal key={editing === 'new' ? 'new' : editing.id} pool={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmModal opened={deleting !== null} title="Delete pool?" confirmLabel="Delete pool" loading={remove.isPending} error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)} onClose={() => setDeleting(null)}>
        “{deleting?.name}” will be deleted. Its customers' number assignments go with it.
      </ConfirmModal>
    </Stack>
  );
}
