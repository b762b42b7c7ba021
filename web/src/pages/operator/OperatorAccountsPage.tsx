import { Alert, Anchor, Badge, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, get } from '../../api';
import { opts, type ConsoleAccount } from '../../operator';
import type { Page } from '../../types';

export const STATUS_COLORS: Record<string, string> = { active: 'green', suspended: 'red', terminated: 'dark', erased: 'gray' };

/** Every customer account: search by name or a member's email, filter by status, with the last 30 days' messages. */
export function OperatorAccountsPage() {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['operator-accounts', q, status],
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams({ limit: '50' });
      if (q) p.set('q', q);
      if (status) p.set('status', status);
      if (pageParam) p.set('cursor', pageParam);
      return get<Page<ConsoleAccount>>(`/v1/operator/accounts?${p.toString()}`, opts());
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack>
      <Title order={2} data-testid="page-title">Accounts</Title>
      <form onSubmit={(e) => { e.preventDefault(); setQ(draft.trim()); }}>
        <Group align="flex-end">
          <TextInput label="Search" placeholder="Business name or a member's email" value={draft} onChange={(e) => setDraft(e.currentTarget.value)} style={{ flex: 1 }} />
          <Select label="Status" placeholder="Any" clearable data={['active', 'suspended', 'terminated', 'erased']} value={status} onChange={setStatus} w={160} />
          <Button type="submit">Search</Button>
        </Group>
      </form>
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.isPending && <Loader aria-label="Loading accounts" />}
      {list.isSuccess && rows.length === 0 && <Text c="dimmed">No accounts match.</Text>}
      {rows.length > 0 && (
        <Table striped highlightOnHover data-testid="operator-accounts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Numbers</Table.Th>
              <Table.Th ta="right">Sent (30 days)</Table.Th>
              <Table.Th ta="right">Received</Table.Th>
              <Table.Th ta="right">Failed</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/operator/accounts/${a.id}`}>{a.name}</Anchor>
                  {a.kind === 'partner' && <Badge ml="xs" size="xs" variant="light">partner</Badge>}
                </Table.Td>
                <Table.Td>{a.ownerEmail ?? '—'}</Table.Td>
                <Table.Td><Badge color={STATUS_COLORS[a.status] ?? 'gray'} variant="light">{a.status}</Badge></Table.Td>
                <Table.Td ta="right">{a.numbers}</Table.Td>
                <Table.Td ta="right">{a.messagesLast30Days.outbound}</Table.Td>
                <Table.Td ta="right">{a.messagesLast30Days.inbound}</Table.Td>
                <Table.Td ta="right">{a.messagesLast30Days.failed}</Table.Td>
                <Table.Td>{new Date(a.createdAt).toLocaleDateString()}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>Load more</Button>}
    </Stack>
  );
}
