import { Alert, Button, Checkbox, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, del, errorMessage, post } from '../../api';
import { DAYS, SLA_KEY, useBusinessHours, useHolidays, type BusinessHours } from './slaApi';

interface Day { open: boolean; start: string; end: string }
const toDays = (h: BusinessHours): Day[] =>
  DAYS.map((_, i) => {
    const x = h.hours.find((o) => o.day === i + 1);
    return x ? { open: true, start: x.start, end: x.end } : { open: false, start: '09:00', end: '17:00' };
  });

/** The weekly schedule SLA targets count in (one interval a day here; the API takes several). */
export function BusinessHoursSection({ editable }: { editable: boolean }) {
  const qc = useQueryClient();
  const hours = useBusinessHours();
  const [zone, setZone] = useState('');
  const [days, setDays] = useState<Day[] | null>(null);
  useEffect(() => {
    if (hours.data) { setDays(toDays(hours.data)); setZone(hours.data.timeZone ?? ''); }
  }, [hours.data]);
  const save = useMutation({
    mutationFn: () => api<BusinessHours>('/v1/business-hours', {
      method: 'PUT',
      body: { timeZone: zone.trim() || null, hours: days!.flatMap((d, i) => (d.open ? [{ day: i + 1, start: d.start, end: d.end }] : [])) },
    }),
    onSuccess: (h) => { qc.setQueryData([...SLA_KEY, 'hours'], h); void qc.invalidateQueries({ queryKey: SLA_KEY }); notifications.show({ color: 'green', message: 'Business hours saved' }); },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  if (!days || !hours.data) return hours.isError ? <Alert color="red">{errorMessage(hours.error)}</Alert> : <Loader size="sm" />;
  const set = (i: number, d: Partial<Day>) => setDays(days.map((x, j) => (j === i ? { ...x, ...d } : x)));
  return (
    <Paper withBorder p="lg">
      <Title order={5} mb="xs">Business hours</Title>
      <Text size="sm" c="dimmed" mb="sm">No open day: every minute counts. Times are in {hours.data.effectiveTimeZone}.</Text>
      <TextInput label="Time zone" placeholder={`${hours.data.effectiveTimeZone} (the account's)`} value={zone} disabled={!editable} onChange={(e) => setZone(e.currentTarget.value)} maw={320} mb="sm" />
      <Stack gap={6} data-testid="business-hours">
        {days.map((d, i) => (
          // The day and its two times on one line, the times below the day when the screen is narrower (a phone).
          <Group key={DAYS[i]} gap="xs" wrap="wrap">
            <Checkbox label={DAYS[i]} checked={d.open} disabled={!editable} onChange={(e) => set(i, { open: e.currentTarget.checked })} w={120} />
            <Group gap="sm" wrap="nowrap">
              <TextInput aria-label={`${DAYS[i]} opens`} type="time" value={d.start} disabled={!editable || !d.open} onChange={(e) => set(i, { start: e.currentTarget.value })} w={120} />
              <Text size="sm">–</Text>
              <TextInput aria-label={`${DAYS[i]} closes`} type="time" value={d.end} disabled={!editable || !d.open} onChange={(e) => set(i, { end: e.currentTarget.value })} w={120} />
            </Group>
          </Group>
        ))}
      </Stack>
      {editable && <Button mt="md" loading={save.isPending} onClick={() => save.mutate()}>Save business hours</Button>}
    </Paper>
  );
}

/** Days the business is closed: SLA timers skip them. */
export function HolidaysSection({ editable }: { editable: boolean }) {
  const qc = useQueryClient();
  const holidays = useHolidays();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: SLA_KEY });
  const add = useMutation({
    mutationFn: () => post('/v1/holidays', { date, name }),
    onSuccess: () => { setDate(''); setName(''); refresh(); },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const remove = useMutation({ mutationFn: (id: string) => del(`/v1/holidays/${id}`), onSuccess: refresh, onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }) });
  return (
    <Paper withBorder p="lg">
      <Title order={5} mb="xs">Holidays</Title>
      {holidays.isPending ? <Loader size="sm" /> : holidays.isError ? <Alert color="red">{errorMessage(holidays.error)}</Alert> : (
        <Table data-testid="holidays">
          <Table.Tbody>
            {holidays.data.length === 0 && <Table.Tr><Table.Td c="dimmed">No holidays.</Table.Td></Table.Tr>}
            {holidays.data.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td w={140}>{h.date}</Table.Td>
                <Table.Td>{h.name}</Table.Td>
                <Table.Td w={90}>{editable && <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(h.id)}>Remove</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editable && (
        <Group mt="sm" align="flex-end" wrap="wrap">
          <TextInput label="Date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
          <TextInput label="Name" placeholder="e.g. Christmas Day" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Button disabled={!date || !name.trim()} loading={add.isPending} onClick={() => add.mutate()}>Add holiday</Button>
        </Group>
      )}
    </Paper>
  );
}
