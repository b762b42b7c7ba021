import { Group, Paper, Stack, Text } from '@mantine/core';
import { Fragment } from 'react';
import { timeOfDay } from './inboxApi';
import type { Note } from './inboxExtrasApi';

/** The body with each "@Name" of a mentioned member in bold. */
function withMentions(body: string, names: string[]) {
  if (!names.length) return body;
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  const parts = body.split(new RegExp(`(@(?:${escaped.join('|')}))`, 'i'));
  return parts.map((p, i) => (i % 2 ? <b key={i} data-testid="note-mention">{p}</b> : <Fragment key={i}>{p}</Fragment>));
}

/** An internal note in the thread: yellow, full width, marked as seen only by the team. */
export function NoteBubble({ note }: { note: Note }) {
  return (
    <Stack gap={2} data-testid="note-bubble" data-note-id={note.id}>
      <Paper px="sm" py={8} radius="md" bg="yellow.1" style={{ border: '1px dashed var(--mantine-color-yellow-6)' }}>
        <Text size="xs" fw={600} c="yellow.9" mb={2}>
          Internal note · {note.author?.name ?? 'API'} · only your team sees this
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="note-body">
          {withMentions(note.body, note.mentions.flatMap((m) => [m.name, m.name.split(' ')[0]]))}
        </Text>
      </Paper>
      <Group justify="flex-end">
        <Text size="xs" c="dimmed">
          {timeOfDay(note.createdAt)}
        </Text>
      </Group>
    </Stack>
  );
}
