import { Alert, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, get, post } from '../../api';
import type { components } from '../../api-types.gen';
import { opts } from '../../operator';
import { PriceForm, PriceTable } from './OperatorPriceBookPage';

type S = components['schemas'];

/** An account's billing on its console page (issue 13): balance, prepaid switch, a top-up (manual payment), its own prices. */
export function OperatorBillingCard({ accountId }: { accountId: string }) {
  const qc = useQueryClient();
  const key = ['operator-billing', accountId];
  const billing = useQuery({ queryKey: key, queryFn: () => get<S['BillingOverview']>(`/v1/operator/accounts/${accountId}/billing`, opts()) });
  const prices = useQuery({ queryKey: [...key, 'prices'], queryFn: () => get<S['PriceOverrides']>(`/v1/operator/accounts/${accountId}/prices`, opts()) });
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const topUp = useMutation({
    mutationFn: () => post<S['TopUp']>(`/v1/operator/accounts/${accountId}/top-ups`, { amount: amount.trim(), provider: 'manual', ...(reference.trim() ? { reference: reference.trim() } : {}) }, opts()),
    onSuccess: () => { setAmount(''); setReference(''); refresh(); },
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
          <Switch label="Prepaid (credits enforced)" checked={b.prepaid} onChange={(e) => prepaid.mutate(e.currentTarget.checked)} />
          {prepaid.isError && <Alert color="red">{errorMessage(prepaid.error)}</Alert>}
          <form onSubmit={(e) => { e.preventDefault(); topUp.mutate(); }}>
            <Stack gap="xs">
              {topUp.isError && <Alert color="red">{errorMessage(topUp.error)}</Alert>}
              <Group align="flex-end">
                <TextInput label="Top-up amount" description={`Manual payment, ${b.currency}`} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} w={150} />
                <TextInput label="Payment reference" description="e.g. the bank transfer id" value={reference} onChange={(e) => setReference(e.currentTarget.value)} w={200} />
                <Button type="submit" loading={topUp.isPending} disabled={!amount.trim()}>Record top-up</Button>
              </Group>
            </Stack>
          </form>
        </Stack>
        <Stack gap="xs">
          <Text size="sm" fw={600}>This account's prices</Text>
          {prices.data && <PriceTable rows={prices.data.overrides} testId="operator-overrides" onRemove={(e) => void api(`/v1/operator/accounts/${accountId}/prices?${new URLSearchParams({ country: e.country, senderType: e.senderType, unit: e.unit })}`, { ...opts(), method: 'DELETE' }).then(refresh)} />}
          <PriceForm onSubmit={(e) => setPrice.mutate(e)} pending={setPrice.isPending} error={setPrice.error} />
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
