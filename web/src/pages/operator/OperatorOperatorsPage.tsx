import { Alert, Badge, Button, Group, PasswordInput, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, get, post } from '../../api';
import { ROLE_LABELS, opts, useOperatorMe, type Operator, type OperatorRole } from '../../operator';
import type { Page } from '../../types';

const ROLE_DATA = (Object.keys(ROLE_LABELS) as OperatorRole[]).map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** Admins manage operators: create, change role, disable, reset two-factor; and turn the bootstrap token off. */
export function OperatorOperatorsPage() {
  const qc = useQueryClient();
  const me = useOperatorMe();
  const list = useQuery({ queryKey: ['operator-operators'], queryFn: () => get<Page<Operator>>('/v1/operator/operators', opts()) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['operator-operators'] });
  const [form, setForm] = useState({ email: '', name: '', role: 'support' as OperatorRole, password: '' });
  const create = useMutation({ mutationFn: () => post<Operator>('/v1/operator/operators', form, opts()), onSuccess: () => { setForm({ email: '', name: '', role: 'support', password: '' }); refresh(); } });
  const change = useMutation({ mutationFn: (v: { id: string; body: { role?: OperatorRole; disabled?: boolean } }) => api<Operator>(`/v1/operator/operators/${v.id}`, { ...opts(), method: 'PATCH', body: v.body }), onSuccess: refresh });
  const reset = useMutation({ mutationFn: (id: string) => post<Operator>(`/v1/operator/operators/${id}/reset-totp`, {}, opts()), onSuccess: refresh });
  const token = useMutation({ mutationFn: () => post('/v1/operator/token/disable', {}, opts()), onSuccess: () => void qc.invalidateQueries({ queryKey: ['operator-me'] }) });
  const error = create.error ?? change.error ?? reset.error ?? token.error ?? list.error;
  return (
    <Stack>
      <Title order={2} data-testid="page-title">Operators</Title>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {me.data?.tokenEnabled && (
        <Alert color="yellow" title="The bootstrap token is still on">
          <Group justify="space-between">
            Anyone with OPERATOR_TOKEN can act as an admin operator. Turn it off once operators can sign in.
            <Button color="red" onClick={() => token.mutate()} loading={token.isPending}>Turn the token off</Button>
          </Group>
        </Alert>
      )}
      <Table striped data-testid="operator-list">
        <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Role</Table.Th><Table.Th>Two-factor</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(list.data?.data ?? []).map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>{o.name} {o.disabled && <Badge color="gray">disabled</Badge>} {o.lockedUntil && <Badge color="red">locked</Badge>}</Table.Td>
              <Table.Td>{o.email}</Table.Td>
              <Table.Td>
                <Select aria-label={`Role of ${o.name}`} data={ROLE_DATA} value={o.role} w={170} disabled={o.id === me.data?.operator?.id}
                  onChange={(r) => r && change.mutate({ id: o.id, body: { role: r as OperatorRole } })} />
              </Table.Td>
              <Table.Td>{o.totpEnrolled ? 'set up' : 'not yet'}</Table.Td>
              <Table.Td>
                {o.id !== me.data?.operator?.id && (
                  <Group gap="xs">
                    <Button size="xs" variant="default" onClick={() => reset.mutate(o.id)}>Reset two-factor</Button>
                    <Button size="xs" variant="default" color={o.disabled ? 'green' : 'red'} onClick={() => change.mutate({ id: o.id, body: { disabled: !o.disabled } })}>{o.disabled ? 'Enable' : 'Disable'}</Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={4}>Add an operator</Title>
      <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Group align="flex-end">
          <TextInput label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} required />
          <TextInput label="Email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} required />
          <Select label="Role" data={ROLE_DATA} value={form.role} onChange={(r) => r && setForm({ ...form, role: r as OperatorRole })} w={170} />
          <PasswordInput label="First password" description="They set up two-factor at the first sign-in" value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} required />
          <Button type="submit" loading={create.isPending}>Add</Button>
        </Group>
      </form>
    </Stack>
  );
}
