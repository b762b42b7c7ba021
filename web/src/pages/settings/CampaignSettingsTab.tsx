import { Alert, Button, Checkbox, Group, Loader, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage, get, patch } from '../../api';
import type { components } from '../../api-types.gen';
import { canManageTeam, useSession } from '../../auth';
import { applyServerError } from '../../forms';

type Settings = components['schemas']['CampaignSettings'];
type RateKey = 'optOutRate' | 'filteredRate' | 'failureRate';
/** Rates are edited as percentages; a cleared box turns that guardrail off. */
type Values = {
  frequencyCap: number; frequencyDays: number; minSample: number; windowMinutes: number; defaultRateLimit: number | string;
} & Record<RateKey, number | string>;

export const CAMPAIGN_SETTINGS_KEY = ['campaign-settings'] as const;
const pct = (x: number | null) => (x === null ? '' : Math.round(x * 10_000) / 100);
const fraction = (v: number | string) => (v === '' ? null : Number(v) / 100);
const toValues = (s: Settings): Values => ({
  frequencyCap: s.frequencyCap, frequencyDays: s.frequencyDays,
  optOutRate: pct(s.guardrails.optOutRate), filteredRate: pct(s.guardrails.filteredRate), failureRate: pct(s.guardrails.failureRate),
  minSample: s.guardrails.minSample, windowMinutes: s.guardrails.windowMinutes, defaultRateLimit: s.defaultRateLimit ?? '',
});

const RATES: Array<{ key: RateKey; label: string; description: string }> = [
  { key: 'optOutRate', label: 'Opt-out rate (%)', description: 'Opt-outs per text sent' },
  { key: 'filteredRate', label: 'Carrier filtering (%)', description: 'Texts filtered by carriers (Twilio 30007, SMPP rejections) per text' },
  { key: 'failureRate', label: 'Failure rate (%)', description: 'Failed or undelivered texts per text' },
];

/** Settings → Campaigns: frequency cap, guardrails (a campaign pauses itself past them) and the default rate cap. */
export function CampaignSettingsTab() {
  const { user } = useSession();
  const editable = canManageTeam(user.role);
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const settings = useQuery({ queryKey: CAMPAIGN_SETTINGS_KEY, queryFn: () => get<Settings>('/v1/campaign-settings') });
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues({ frequencyCap: 4, frequencyDays: 7, defaultRateLimit: null, guardrails: { optOutRate: null, filteredRate: null, failureRate: null, minSample: 100, windowMinutes: 60 } }) });

  useEffect(() => {
    if (settings.data) {
      form.setValues(toValues(settings.data));
      form.resetDirty(toValues(settings.data));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings.data]);

  const save = useMutation({
    mutationFn: (v: Values) => patch<Settings>('/v1/campaign-settings', {
      frequencyCap: v.frequencyCap, frequencyDays: v.frequencyDays,
      guardrails: { optOutRate: fraction(v.optOutRate), filteredRate: fraction(v.filteredRate), failureRate: fraction(v.failureRate), minSample: v.minSample, windowMinutes: v.windowMinutes },
      defaultRateLimit: v.defaultRateLimit === '' ? null : Number(v.defaultRateLimit),
    }),
    onSuccess: (s) => {
      qc.setQueryData(CAMPAIGN_SETTINGS_KEY, s);
      notifications.show({ color: 'green', message: 'Campaign settings saved' });
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  if (settings.isPending) return <Loader size="sm" />;
  if (settings.isError) return <Alert color="red">{errorMessage(settings.error)}</Alert>;

  return (
    <Paper withBorder p="lg" maw={760}>
      <form noValidate onSubmit={form.onSubmit((v) => { setError(null); save.mutate(v); })}>
        <Stack>
          {!editable && <Alert color="gray">Only the owner or an admin can change campaign settings.</Alert>}
          {error && <Alert color="red">{error}</Alert>}
          <Title order={4}>Frequency cap</Title>
          <SimpleGrid cols={2}>
            <NumberInput label="At most this many marketing texts to a contact" min={1} max={100} readOnly={!editable} {...form.getInputProps('frequencyCap')} />
            <NumberInput label="…within this many days" min={1} max={365} readOnly={!editable} {...form.getInputProps('frequencyDays')} />
          </SimpleGrid>
          <Title order={4}>Guardrails</Title>
          <Text size="sm" c="dimmed">
            A running campaign pauses itself, holds its waiting texts and emails the owners when a rate within the window goes above its limit.
            Leave a limit empty to turn that check off.
          </Text>
          <SimpleGrid cols={3}>
            {RATES.map((r) => (
              <Stack key={r.key} gap={4}>
                <NumberInput label={r.label} description={r.description} min={0.1} max={100} decimalScale={2} readOnly={!editable} {...form.getInputProps(r.key)} />
                {editable && (
                  <Checkbox size="xs" label="Off" checked={form.values[r.key] === ''} onChange={(e) => form.setFieldValue(r.key, e.currentTarget.checked ? '' : 5)} />
                )}
              </Stack>
            ))}
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <NumberInput label="Judge after this many texts" description="Texts within the window before any rate counts" min={1} readOnly={!editable} {...form.getInputProps('minSample')} />
            <NumberInput label="Window (minutes)" min={1} max={10_080} readOnly={!editable} {...form.getInputProps('windowMinutes')} />
          </SimpleGrid>
          <Title order={4}>Default rate cap</Title>
          <NumberInput
            label="Messages per second for a new campaign" description="On top of each number's own throughput; empty: no campaign cap" min={0.01} max={10_000} decimalScale={2}
            readOnly={!editable} {...form.getInputProps('defaultRateLimit')}
          />
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>Save</Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
