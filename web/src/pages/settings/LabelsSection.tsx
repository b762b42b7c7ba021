import { Alert, Badge, Button, ColorSwatch, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, patch, post } from '../../api';
import { canManageTeam, useSession } from '../../auth';
import { LABELS_KEY, useLabels, type Label } from '../inbox/inboxExtrasApi';

const COLORS = ['gray', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange'];

/** Settings → Inbox: the account's conversation labels (admins keep the list; agents apply them). */
export function LabelsSection() {
  const qc = useQueryClient();
  const { user } = useSession();
  const admin = canManageTeam(user.role);
  const labels = useLabels();
  const [name, setName] = useState('');
  const [color, setColor] = useState('blue');
  const [error, setError] = useState<string | null>(null);
  const done = () => void qc.invalidateQueries({ queryKey: LABELS_KEY });
  const create = useMutation({
    mutationFn: () => post<Label>('/v1/labels', { name, color }),
    onSuccess: (l) => { setName(''); setError(null); done(); notifications.show({ color: 'green', message: `Label “${l.name}” added` }); },
    onError: (e) => setError(errorMessage(e)),
  });
  const recolor = useMutation({ mutationFn: (v: { l: Label; color: string }) => patch<Label>(`/v1/labels/${encodeURIComponent(v.l.id)}`, { color: v.color }), onSuccess: done });
  const remove = useMutation({ mutationFn: (l: Label) => del(`/v1/labels/${encodeURIComponent(l.id)}`), onSuccess: done, onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }) });

  const rows = labels.data?.data ?? [];
  return (
    <Stack gap="md" data-testid="labels-section">
      <Stack gap={2}>
        <Title order={4}>Labels</Title>
        <Text size="sm" c="dimmed">
          Tag conversations (refund, VIP…) from the conversation header, and filter the inbox by them.
        </Text>
      </Stack>
      {admin ? (
        <form noValidate onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <Group align="flex-end" gap="sm">
            <TextInput label="New label" placeholder="Refund" value={name} onChange={(e) => setName(e.currentTarget.value)} maw={240} />
            <Select label="Colour" data={COLORS} value={color} onChange={(v) => v && setColor(v)} allowDeselect={false} w={130} leftSection={<ColorSwatch color={`var(--mantine-color-${color}-6)`} size={14} />} />
            <Button type="submit" loading={create.isPending}>
              Add label
            </Button>
          </Group>
          {error && <Alert color="red" mt="xs">{error}</Alert>}
        </form>
      ) : (
        <Alert color="gray">Only the owner or an admin can change the labels.</Alert>
      )}
      {labels.isSuccess && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No labels yet.
        </Text>
      )}
      {rows.length > 0 && (
        <Paper withBorder p="sm">
          <Stack gap="xs">
            {rows.map((l) => (
              <Group key={l.id} justify="space-between" wrap="nowrap" data-testid="label-row">
                <Group gap="xs" wrap="nowrap">
                  <Badge color={l.color} variant="light">{l.name}</Badge>
                  <Text size="xs" c="dimmed">
                    {l.conversations} conversation{l.conversations === 1 ? '' : 's'}
                  </Text>
                </Group>
                {admin && (
                  <Group gap={4} wrap="nowrap">
                    <Select size="xs" w={110} data={COLORS} value={l.color} allowDeselect={false} aria-label={`Colour of ${l.name}`} onChange={(v) => v && recolor.mutate({ l, color: v })} />
                    <Button size="compact-xs" variant="subtle" color="red" aria-label={`Delete label ${l.name}`} onClick={() => remove.mutate(l)}>
                      Delete
                    </Button>
                  </Group>
                )}
              </Group>
            ))}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
