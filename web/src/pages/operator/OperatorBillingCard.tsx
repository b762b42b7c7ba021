import { Alert, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, get, post } from '../../api';
import type { components } from '../../api-types.gen';
import { opts, useOperatorMe } from '../../operator';
import { PriceForm, PriceTable } from './OperatorPriceBookPage';

type S = components['schemas'];

/** A top-up's key when the operator gives no payment reference: one per submission, kept when it is sent again after an error (the server credits a reference once). */
const newReference = () => `manual_${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

/** An account's billing on its console page (issue 13): balance, prepaid switch, a top-up (manual payment), its own prices; only admins change them. */
export function OperatorBillingCard({ accountId }: { accountId: string }) {
  const qc = useQueryClient();
  const key = ['operator-billing', accountId];
  const billing = useQuery({ queryKey: key, queryFn: () => get<S['BillingOverview']>(`/v1/operator/accounts/${accountId}/billing`, opts()) });
  const prices = useQuery({ queryKey: [...key, 'prices'], queryFn: () => get<S['PriceOverrides']>(`/v1/operator/accounts/${accountId}/prices`, opts()) });
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [autoReference, setAutoReference] = useState(newReference);
  const mayChange = useOperatorMe().data?.role === 'admin';
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const topUp = useMutation({
    mutationFn: () => post<S['TopUp']>(`/v1/operator/accounts/${accountId}/top-ups`, { amount: amount.trim(), provider: 'manual', reference: reference.trim() || autoReference }, opts()),
    onSuccess: () => { setAmount(''); setReference(''); setAutoReference(newReference()); refresh(); },
  });
  const prepaid = useMutation({ mutationFn: (on: boolean) => api<S['BillingBalance']>(`/v1/operator/accounts/${accountId}/billing`, { ...opts(), method: 'PATCH', body: { prepaid: on } }), onSuccess: refresh });
  const setPrice = useMutation({ mutationFn: (e: object) => api(`/v1/operator/accounts/${accountId}/prices`, { ...opts(), method: 'PUT', body: e }), onSuccess: refresh });
  if (billing.isPending) return <Loader size="sm" aria-label="Loading billing" />;
  if (billing.isError) return <Alert color="red">{errorMessage(billing.error)}</Alert>;
  const b = billing.data;
  return (
    <Card withBorder data-testid="operator-billing">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Billing</Title>
        {b.held && <Badge color="orange">Sending held: credits exhausted</Badge>}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap="xs">
          <Text size="sm">Balance: <b data-testid="operator-balance">{b.balance} {b.currency}</b></Text>
          <Switch label="Prepaid (credits enforced)" checked={b.prepaid} disabled={!mayChange} onChange={(e) => prepaid.mutate(e.currentTarget.checked)} />
          {prepaid.isError && <Alert color="red">{errorMessage(prepaid.error)}</Alert>}
          {!mayChange && <Text size="sm" c="dimmed" data-testid="billing-admin-only">Only an admin operator records top-ups and changes prices or the prepaid setting.</Text>}
          {mayChange && <form onSubmit={(e) => { e.preventDefault(); topUp.mutate(); }}>
            <Stack gap="xs">
              {topUp.isError && <Alert color="red">{errorMessage(topUp.error)}</Alert>}
              <Group align="flex-end">
                <TextInput label="Top-up amount" description={`Manual payment, ${b.currency}`} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} w={150} />
                <TextInput label="Payment reference" description="e.g. the bank transfer id (blank: one is made)" value={reference} onChange={(e) => setReference(e.currentTarget.value)} w={200} />
                <Button type="submit" loading={topUp.isPending} disabled={!amount.trim()}>Record top-up</Button>
              </Group>
            </Stack>
          </form>}
        </Stack>
        <Stack gap="xs">
          <Text size="sm" fw={600}>This account's prices</Text>
          {prices.data && <PriceTable rows={prices.data.overrides} testId="operator-overrides" onRemove={mayChange ? (e) => void api(`/v1/operator/accounts/${accountId}/prices?${new URLSearchParams({ country: e.country, senderType: e.senderType, unit: e.unit })}`, { ...opts(), method: 'DELETE' }).then(refresh) : undefined} />}
          {mayChange && <PriceForm onSubmit={(e) => setPrice.mutate(e)} pending={setPrice.isPending} error={setPrice.error} />}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
