import { Alert, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../../api';
import type { Page } from '../../../types';
import type { Draft, PhoneNumber, Pool } from './draft';

export const useNumbers = () => useQuery({ queryKey: ['numbers'], queryFn: () => get<Page<PhoneNumber>>('/v1/numbers') });

/** Number pools, when the server has them: a missing route (or any error) lists numbers only. */
export const usePools = () => useQuery({
  queryKey: ['number-pools'],
  queryFn: async () => {
    try {
      return (await get<Page<Pool>>('/v1/number-pools')).data;
    } catch {
      return [] as Pool[];
    }
  },
  retry: false,
});

export function senderLabel(draft: Draft, numbers: PhoneNumber[], pools: Pool[]): string {
  if (!draft.from) return numbers[0] ? `${numbers[0].phoneNumber} (the first number)` : 'No number yet';
  const n = numbers.find((x) => x.id === draft.from);
  if (n) return n.phoneNumber;
  const p = pools.find((x) => x.id === draft.from);
  return p ? `Pool “${p.name}” (${p.numbers.length} numbers, each recipient always from the same one)` : draft.from;
}

export function ScheduleStep({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const numbers = useNumbers();
  const pools = usePools();
  const data = [
    { group: 'Numbers', items: (numbers.data?.data ?? []).map((n) => ({ value: n.id, label: `${n.phoneNumber} (${n.type.replace('_', ' ')})` })) },
    ...((pools.data?.length ?? 0) > 0 ? [{ group: 'Number pools', items: pools.data!.map((p) => ({ value: p.id, label: `${p.name} — ${p.numbers.length} numbers` })) }] : []),
  ];
  return (
    <Stack maw={560}>
      <Select label="Send from" placeholder="The account's first number" data={data} value={draft.from} onChange={(from) => set({ from })} clearable searchable
        description="A number, or a pool: each recipient always hears from the same number of the pool" />
      {numbers.isSuccess && numbers.data.data.length === 0 && <Alert color="yellow">The account has no number yet: get one in Settings → Numbers.</Alert>}
      <div>
        <Text size="sm" fw={500} mb={4}>When</Text>
        <SegmentedControl fullWidth value={draft.schedule} onChange={(v) => set({ schedule: v as Draft['schedule'] })}
          data={[{ value: 'now', label: 'Now' }, { value: 'at', label: 'At a time' }, { value: 'local', label: 'Local time for everyone' }]} />
      </div>
      {draft.schedule === 'at' && (
        <TextInput type="datetime-local" label="Start at" description="Your time zone" value={draft.at} onChange={(e) => set({ at: e.currentTarget.value })} />
      )}
      {draft.schedule === 'local' && (
        <>
          <TextInput type="date" label="Day" value={draft.localDate} onChange={(e) => set({ localDate: e.currentTarget.value })} />
          <TextInput type="time" label="Time in each recipient's zone" value={draft.localTime} onChange={(e) => set({ localTime: e.currentTarget.value })} />
        </>
      )}
      <Text size="xs" c="dimmed">
        Texts outside a recipient's allowed hours (8 am–9 pm their time; 8 am–8 pm in Florida and Oklahoma, and your own sending hours) wait for the next allowed moment.
      </Text>
    </Stack>
  );
}
