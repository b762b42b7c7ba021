import { Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage, patch } from '../../api';
import { canSendMessages, useSession } from '../../auth';
import { CONVERSATIONS_KEY, conversationKey, conversationPath } from './inboxApi';
import type { Conversation, ConversationStatus } from './inboxTypes';
import { COUNTS_KEY, markRead } from './liveApi';
import { useInboxShortcut } from './shortcuts';

/** Snooze presets, in the agent's own time zone. */
export function snoozePresets(now = new Date()): Array<{ key: string; label: string; until: Date | null }> {
  const at9 = (d: Date) => { const x = new Date(d); x.setHours(9, 0, 0, 0); return x; };
  const tomorrow = at9(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  const nextWeek = at9(new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday));
  return [
    { key: 'hour', label: '1 hour', until: new Date(now.getTime() + 3_600_000) },
    { key: 'tomorrow', label: 'Tomorrow 9:00', until: tomorrow },
    { key: 'week', label: 'Next week (Monday 9:00)', until: nextWeek },
    { key: 'reply', label: 'Until they reply', until: null },
  ];
}

const DONE: Record<ConversationStatus, string> = { open: 'Conversation reopened', pending: 'Marked pending', snoozed: 'Snoozed', closed: 'Conversation closed' };

/** A custom snooze time (datetime-local, the agent's zone). */
function CustomSnooze({ opened, onClose, onSnooze }: { opened: boolean; onClose: () => void; onSnooze: (until: Date) => void }) {
  const [value, setValue] = useState('');
  const until = value ? new Date(value) : null;
  const invalid = until !== null && (Number.isNaN(until.getTime()) || until.getTime() <= Date.now());
  return (
    <Modal opened={opened} onClose={onClose} title="Snooze until…" size="sm">
      <Stack gap="sm">
        <TextInput type="datetime-local" label="Opens again at" value={value} onChange={(e) => setValue(e.currentTarget.value)} error={invalid ? 'Pick a time in the future' : undefined} data-testid="snooze-custom-input" data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" size="xs" onClick={onClose}>Cancel</Button>
          <Button size="xs" disabled={!until || invalid} onClick={() => until && onSnooze(until)} data-testid="snooze-custom-save">Snooze</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * The conversation header's state actions: Close / Reopen, Mark pending, Snooze (presets or a
 * custom time). Shortcuts: e close, s snooze, u mark unread (back to the list); "/" (a canned
 * reply) is the composer's. Opening the conversation marks it read for me (again when a new text arrives while
 * it is open and the tab is visible).
 */
export function ConversationActions({ c }: { c: Conversation }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { user } = useSession();
  const canAct = canSendMessages(user.role);
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const [custom, setCustom] = useState(false);
  const closed = c.status === 'closed';

  const setState = useMutation({
    mutationFn: (v: { status: ConversationStatus; snoozedUntil?: string | null }) => patch<Conversation>(conversationPath(c.id), v),
    onSuccess: (u) => {
      qc.setQueryData(conversationKey(c.id), (old: Conversation | undefined) => ({ ...old, ...u, unread: old?.unread ?? false }));
      void qc.invalidateQueries({ queryKey: [...CONVERSATIONS_KEY, 'list'] });
      void qc.invalidateQueries({ queryKey: COUNTS_KEY });
      notifications.show({ message: u.status === 'snoozed' && u.snoozedUntil ? `Snoozed until ${new Date(u.snoozedUntil).toLocaleString()}` : u.status === 'snoozed' ? 'Snoozed until they reply' : DONE[u.status] });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const snooze = (until: Date | null) => {
    setCustom(false);
    setState.mutate({ status: 'snoozed', snoozedUntil: until ? until.toISOString() : null });
  };

  // Read marks: opening the conversation reads it; a new text while it is open and visible too.
  const marking = useRef(false);
  useEffect(() => {
    const read = () => {
      if (!c.unread || marking.current || document.visibilityState !== 'visible') return;
      marking.current = true;
      void markRead(c.id)
        .then(() => {
          qc.setQueryData(conversationKey(c.id), (old: Conversation | undefined) => (old ? { ...old, unread: false } : old));
          void qc.invalidateQueries({ queryKey: [...CONVERSATIONS_KEY, 'list'] });
          void qc.invalidateQueries({ queryKey: COUNTS_KEY });
        })
        .catch(() => undefined)
        .finally(() => { marking.current = false; });
    };
    read();
    document.addEventListener('visibilitychange', read);
    return () => document.removeEventListener('visibilitychange', read);
  }, [c.id, c.unread, qc]);

  const markUnread = useMutation({
    mutationFn: () => markRead(c.id, true),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
      navigate('/inbox');
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  useInboxShortcut('e', () => !closed && setState.mutate({ status: 'closed' }), { description: 'Close the conversation', group: 'Conversation', enabled: canAct });
  useInboxShortcut('s', () => setSnoozeOpen(true), { description: 'Snooze…', group: 'Conversation', enabled: canAct && !closed });
  useInboxShortcut('u', () => markUnread.mutate(), { description: 'Mark unread and go back to the list', group: 'Conversation' });

  if (!canAct) return null;
  return (
    <Group gap={6} wrap="nowrap" data-testid="conversation-actions" data-state={c.status}>
      {closed ? (
        <Button size="xs" variant="default" loading={setState.isPending} onClick={() => setState.mutate({ status: 'open' })} data-testid="action-reopen">
          Reopen
        </Button>
      ) : (
        <>
          {c.status !== 'open' && (
            <Button size="xs" variant="default" onClick={() => setState.mutate({ status: 'open' })} data-testid="action-open">
              Open
            </Button>
          )}
          {c.status !== 'pending' && (
            <Button size="xs" variant="default" visibleFrom="sm" onClick={() => setState.mutate({ status: 'pending' })} data-testid="action-pending">
              Pending
            </Button>
          )}
          <Menu opened={snoozeOpen} onChange={setSnoozeOpen} position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="default" data-testid="action-snooze">
                Snooze
              </Button>
            </Menu.Target>
            <Menu.Dropdown data-testid="snooze-menu">
              {snoozePresets().map((p) => (
                <Menu.Item key={p.key} onClick={() => snooze(p.until)} data-testid={`snooze-${p.key}`}>
                  <Text size="sm">{p.label}</Text>
                  {p.until && <Text size="xs" c="dimmed">{p.until.toLocaleString(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}</Text>}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item onClick={() => setCustom(true)} data-testid="snooze-custom">Pick a date and time…</Menu.Item>
              {c.status === 'open' && (
                <Menu.Item hiddenFrom="sm" onClick={() => setState.mutate({ status: 'pending' })}>Mark pending</Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
          <Button size="xs" variant="light" loading={setState.isPending} onClick={() => setState.mutate({ status: 'closed' })} data-testid="action-close">
            Close
          </Button>
        </>
      )}
      <CustomSnooze opened={custom} onClose={() => setCustom(false)} onSnooze={snooze} />
    </Group>
  );
}
