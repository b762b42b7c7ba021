import { Alert, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, get } from '../../api';
import type { components } from '../../api-types.gen';
import { opts, useOperatorMe } from '../../operator';

type PriceBook = components['schemas']['PriceBook'];
type PriceEntry = components['schemas']['PriceEntry'];

export const UNIT_OPTIONS = [
  { value: 'sms', label: 'SMS segment sent' }, { value: 'mms', label: 'MMS sent' }, { value: 'inbound_sms', label: 'SMS segment received' },
  { value: 'inbound_mms', label: 'MMS received' }, { value: 'number_month', label: 'Number-month' },
];
export const TYPE_OPTIONS = [{ value: '*', label: 'Any type' }, { value: 'long_code', label: 'Long code' }, { value: 'toll_free', label: 'Toll-free' }, { value: 'short_code', label: 'Short code' }];
const unitLabel = (u: string) => UNIT_OPTIONS.find((o) => o.value === u)?.label ?? u;

/** A form to set one price (country or *, sender type or *, unit); used for the book and for an account's overrides. */
export function PriceForm({ onSubmit, pending, error }: { onSubmit: (e: { country: string; senderType: string; unit: string; price: string }) => void; pending: boolean; error: unknown }) {
  const [country, setCountry] = useState('US');
  const [senderType, setSenderType] = useState<string | null>('*');
  const [unit, setUnit] = useState<string | null>('sms');
  const [price, setPrice] = useState('');
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSubmit({ country: country.trim().toUpperCase(), senderType: senderType ?? '*', unit: unit ?? 'sms', price: price.trim() }); }}>
      <Stack gap="xs">
        {Boolean(error) && <Alert color="red">{errorMessage(error)}</Alert>}
        <Group align="flex-end" wrap="wrap">
          <TextInput label="Country" description="Two letters, or * for any" value={country} onChange={(e) => setCountry(e.currentTarget.value)} w={120} />
          <Select label="Sender type" data={TYPE_OPTIONS} value={senderType} onChange={setSenderType} w={150} allowDeselect={false} />
          <Select label="Unit" data={UNIT_OPTIONS} value={unit} onChange={setUnit} w={210} allowDeselect={false} />
          <TextInput label="Price" description="Per unit, e.g. 0.0079" value={price} onChange={(e) => setPrice(e.currentTarget.value)} w={140} />
          <Button type="submit" loading={pending} disabled={!price.trim()}>Set price</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PriceTable({ rows, onRemove, testId }: { rows: PriceEntry[]; onRemove?: (e: PriceEntry) => void; testId: string }) {
  if (!rows.length) return <Text size="sm" c="dimmed">No entries.</Text>;
  return (
    <Table data-testid={testId}>
      <Table.Thead><Table.Tr><Table.Th>Country</Table.Th><Table.Th>Sender type</Table.Th><Table.Th>Unit</Table.Th><Table.Th>Price</Table.Th>{onRemove && <Table.Th />}</Table.Tr></Table.Thead>
      <Table.Tbody>{rows.map((e) => (
        <Table.Tr key={`${e.country}-${e.senderType}-${e.unit}`}>
          <Table.Td>{e.country === '*' ? 'Any' : e.country}</Table.Td><Table.Td>{e.senderType === '*' ? 'Any' : e.senderType.replace('_', ' ')}</Table.Td>
          <Table.Td>{unitLabel(e.unit)}</Table.Td><Table.Td>{e.price} {e.currency}</Table.Td>
          {onRemove && <Table.Td><Button size="xs" variant="subtle" color="red" onClick={() => onRemove(e)}>Remove</Button></Table.Td>}
        </Table.Tr>
      ))}</Table.Tbody>
    </Table>
  );
}

const keyQuery = (e: { country: string; senderType: string; unit: string }) => new URLSearchParams({ country: e.country, senderType: e.senderType, unit: e.unit }).toString();

/** The price book (issue 13): prices per destination country, sender type and unit; the built-in list prices apply where none is set. Admins change it. */
export function OperatorPriceBookPage() {
  const qc = useQueryClient();
  const mayChange = useOperatorMe().data?.role === 'admin';
  const book = useQuery({ queryKey: ['operator-price-book'], queryFn: () => get<PriceBook>('/v1/operator/price-book', opts()) });
  const done = (data: PriceBook) => qc.setQueryData(['operator-price-book'], data);
  const set = useMutation({ mutationFn: (e: object) => api<PriceBook>('/v1/operator/price-book', { ...opts(), method: 'PUT', body: e }), onSuccess: done });
  const remove = useMutation({ mutationFn: (e: PriceEntry) => api<PriceBook>(`/v1/operator/price-book?${keyQuery(e)}`, { ...opts(), method: 'DELETE' }), onSuccess: done });
  if (book.isPending) return <Loader aria-label="Loading the price book" />;
  if (book.isError) return <Alert color="red">{errorMessage(book.error)}</Alert>;
  return (
    <Stack>
      <Title order={2} data-testid="page-title">Price book</Title>
      <Text c="dimmed" size="sm">Prices in {book.data.currency}. An account's own prices (on its page) win over these; where neither is set, the list price applies. New prices apply to usage metered from now on.</Text>
      {mayChange ? <Card withBorder><PriceForm onSubmit={(e) => set.mutate(e)} pending={set.isPending} error={set.error ?? remove.error} /></Card>
        : <Text size="sm" c="dimmed" data-testid="price-book-admin-only">Only an admin operator changes the price book.</Text>}
      <Card withBorder><Title order={4} mb="sm">Prices set</Title><PriceTable rows={book.data.entries} onRemove={mayChange ? (e) => remove.mutate(e) : undefined} testId="price-book" /></Card>
      <Card withBorder><Title order={4} mb="sm">List prices (long code)</Title><PriceTable rows={book.data.listPrices} testId="list-prices" /></Card>
    </Stack>
  );
}
