import { Alert, Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, get } from '../../api';
import { applyServerError } from '../../forms';
import { SLA_KEY, type SlaPolicy } from './slaApi';

interface Values { name: string; teamId: string | null; firstResponseMinutes: number | string; nextResponseMinutes: number | string; resolutionMinutes: number | string; businessHours: boolean; warnPercent: number | string }
const num = (v: number | string) => (v === '' ? null : Number(v));

/** Create or edit an SLA policy: the default one, or one for a team. */
export function PolicyModal({ policy, opened, onClose }: { policy: SlaPolicy | null; opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => get<{ data: Array<{ id: string; name: string }> }>('/v1/teams').then((r) => r.data), enabled: opened });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      name: policy?.name ?? 'Default', teamId: policy?.team?.id ?? null,
      firstResponseMinutes: policy?.firstResponseMinutes ?? 60, nextResponseMinutes: policy?.nextResponseMinutes ?? 60, resolutionMinutes: policy?.resolutionMinutes ?? 1440,
      businessHours: policy?.businessHours ?? true, warnPercent: policy?.warnPercent ?? 80,
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        name: v.name, teamId: v.teamId, firstResponseMinutes: num(v.firstResponseMinutes), nextResponseMinutes: num(v.nextResponseMinutes),
        resolutionMinutes: num(v.resolutionMinutes), businessHours: v.businessHours, warnPercent: Number(v.warnPercent),
      };
      return policy ? api(`/v1/sla-policies/${policy.id}`, { method: 'PATCH', body }) : api('/v1/sla-policies', { method: 'POST', body });
    },
    onSuccess: () => { void qc.invalidateQueries({ queryKey: SLA_KEY }); onClose(); },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={policy ? `Edit “${policy.name}”` : 'New SLA policy'} size="lg">
      <form noValidate onSubmit={form.onSubmit((v) => { setError(null); save.mutate(v); })}>
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required {...form.getInputProps('name')} />
            <Select
              label="Applies to" description="A team's conversations follow its policy; all others the default one."
              data={[{ value: '', label: 'Default (all conversations)' }, ...(teams.data ?? []).map((t) => ({ value: t.id, label: `Team: ${t.name}` }))]}
              value={form.values.teamId ?? ''} onChange={(v) => form.setFieldValue('teamId', v || null)} allowDeselect={false}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput label="First response (minutes)" placeholder="None" min={1} {...form.getInputProps('firstResponseMinutes')} />
            <NumberInput label="Next response (minutes)" placeholder="None" min={1} {...form.getInputProps('nextResponseMinutes')} />
            <NumberInput label="Resolution (minutes)" placeholder="None" min={1} {...form.getInputProps('resolutionMinutes')} />
          </SimpleGrid>
          <Group grow align="flex-end">
            <NumberInput label="Warn the assignee at (% of the target)" min={1} max={99} {...form.getInputProps('warnPercent')} />
            <Checkbox label="Count business hours only" {...form.getInputProps('businessHours', { type: 'checkbox' })} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>Save policy</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
