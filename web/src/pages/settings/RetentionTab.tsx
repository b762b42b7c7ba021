import { Alert, Button, Group, Loader, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage, get } from '../../api';
import type { components } from '../../api-types.gen';
import { canManageTeam, useSession } from '../../auth';
import { applyServerError } from '../../forms';

type Settings = components['schemas']['RetentionSettings'];
type Preview = components['schemas']['RetentionPreview'];
type Key = 'messageBodyDays' | 'uploadDays' | 'inactiveContactMonths' | 'exportDays';
type Values = Record<Key, number | string>;

const KEY = ['retention'] as const;
const PREVIEW_KEY = ['retention', 'preview'] as const;

const RULES: Array<{ key: Key; label: string; unit: string; description: string; count?: keyof Preview }> = [
  { key: 'messageBodyDays', label: 'Redact message bodies after', unit: 'days', description: 'The text and media of older messages are removed; dates, status and counts stay.', count: 'messageBodies' },
  { key: 'uploadDays', label: 'Delete uploaded files after', unit: 'days', description: 'Import CSV files; the contacts they created stay.', count: 'uploads' },
  { key: 'inactiveContactMonths', label: 'Erase inactive contacts after', unit: 'months', description: 'No message and no consent change in that time: the contact and everything about them is erased (opt-outs stay suppressed).', count: 'inactiveContacts' },
  { key: 'exportDays', label: 'Data exports expire after', unit: 'days', description: 'Download links of account and personal data exports.' },
];

const toValues = (s: Settings): Values => ({
  messageBodyDays: s.messageBodyDays ?? '', uploadDays: s.uploadDays ?? '', inactiveContactMonths: s.inactiveContactMonths ?? '', exportDays: s.exportDays ?? '',
});
const num = (v: number | string) => (v === '' ? null : Number(v));

/** Settings → Data retention: the account's rules, and what the daily job would do now (a dry run). */
export function RetentionTab() {
  const { user } = useSession();
  const editable = canManageTeam(user.role);
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const settings = useQuery({ queryKey: KEY, queryFn: () => get<Settings>('/v1/retention') });
  const preview = useQuery({ queryKey: PREVIEW_KEY, queryFn: () => get<Preview>('/v1/retention/preview') });
  const form = useForm<Values>({ mode: 'controlled', initialValues: { messageBodyDays: '', uploadDays: '', inactiveContactMonths: '', exportDays: '' } });

  useEffect(() => {
    if (settings.data) {
      form.setValues(toValues(settings.data));
      form.resetDirty(toValues(settings.data));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings.data]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      api<Settings>('/v1/retention', { method: 'PUT', body: { messageBodyDays: num(v.messageBodyDays), uploadDays: num(v.uploadDays), inactiveContactMonths: num(v.inactiveContactMonths), exportDays: num(v.exportDays) } }),
    onSuccess: (s) => {
      qc.setQueryData(KEY, s);
      void qc.invalidateQueries({ queryKey: PREVIEW_KEY });
      notifications.show({ color: 'green', message: 'Retention rules saved' });
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  if (settings.isPending) return <Loader size="sm" />;
  if (settings.isError) return <Alert color="red">{errorMessage(settings.error)}</Alert>;
  const s = settings.data;

  return (
    <Stack maw={860}>
      <Paper withBorder p="lg">
        <form noValidate onSubmit={form.onSubmit((v) => { setError(null); save.mutate(v); })}>
          <Stack>
            <Text size="sm" c="dimmed">
              A daily job applies these rules. Leave a box empty to keep that data for as long as the account exists.
            </Text>
            {!editable && <Alert color="gray">Only the owner or an admin can change the retention rules.</Alert>}
            {error && <Alert color="red">{error}</Alert>}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {RULES.map((r) => (
                <NumberInput
                  key={r.key}
                  label={`${r.label} (${r.unit})`}
                  description={`${r.description} Default: ${s.defaults[r.key] ?? 'kept'}.`}
                  placeholder="Kept"
                  min={1}
                  allowDecimal={false}
                  readOnly={!editable}
                  {...form.getInputProps(r.key)}
                />
              ))}
            </SimpleGrid>
            {editable && (
              <Group>
                <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                  Save retention rules
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      </Paper>
      <Paper withBorder p="lg">
        <Title order={4} mb="xs">
          Dry run
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          What the daily job would do if it ran now with the saved rules.
          {s.lastRunAt ? ` Last run: ${new Date(s.lastRunAt).toLocaleString()}.` : ''}
        </Text>
        {preview.isPending && <Loader size="sm" />}
        {preview.isError && <Alert color="red">{errorMessage(preview.error)}</Alert>}
        {preview.data && (
          <Table data-testid="retention-preview">
            <Table.Tbody>
              {RULES.filter((r) => r.count).map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Td>{r.label.replace(' after', '')}</Table.Td>
                  <Table.Td>{s[r.key] === null ? 'kept' : `${preview.data[r.count!] as number} now`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
