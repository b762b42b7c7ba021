import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CONVERSATIONS_KEY, conversationKey, threadKey } from './inboxApi';
import { COUNTS_KEY, setPresence, type Presence } from './liveApi';

export type InboxStreamState = 'connecting' | 'live' | 'offline';

/**
 * The account's conversation events (GET /v1/conversations/stream). Server-sent events are
 * named, so the client listens to each kind it knows; any event names its conversation.
 */
export const INBOX_EVENTS = [
  'message.created', 'message.status_changed', 'message.received', 'message.redacted', 'message.deleted',
  'conversation.updated', 'conversation.assigned', 'conversation.unassigned', 'conversation.note_added', 'conversation.labels_changed',
  'sla.warning', 'sla.breached', 'csat.sent', 'csat.answered',
] as const;

/** How long a burst of events is gathered into one refetch. */
const BATCH_MS = 80;

/**
 * Follows the account-wide inbox stream for as long as the app is open: every change to any
 * conversation refetches the lists and counts, and the changed conversation's detail and thread
 * (when someone has them open). Presence snapshots go to the presence store. On (re)connect all
 * of it is refetched, so nothing missed while offline stays stale.
 */
export function useInboxStream(enabled = true): InboxStreamState {
  const qc = useQueryClient();
  const [state, setState] = useState<InboxStreamState>('connecting');

  useEffect(() => {
    if (!enabled) return;
    if (typeof EventSource === 'undefined') {
      setState('offline');
      return;
    }
    const source = new EventSource('/v1/conversations/stream');
    const touched = new Set<string>();
    let threads = new Set<string>();
    let all = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      void qc.invalidateQueries({ queryKey: [...CONVERSATIONS_KEY, 'list'] });
      void qc.invalidateQueries({ queryKey: COUNTS_KEY });
      if (all) void qc.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
      for (const id of touched) void qc.invalidateQueries({ queryKey: conversationKey(id) });
      for (const id of threads) void qc.invalidateQueries({ queryKey: threadKey(id) });
      touched.clear();
      threads = new Set();
      all = false;
    };
    const schedule = () => {
      timer ??= setTimeout(flush, BATCH_MS);
    };
    const onEvent = (e: MessageEvent) => {
      try {
        const data = JSON.parse(e.data as string) as { conversationId?: string };
        if (data.conversationId) {
          touched.add(data.conversationId);
          if (e.type.startsWith('message.') || e.type === 'conversation.note_added') threads.add(data.conversationId);
        }
      } catch {
        all = true;
      }
      schedule();
    };
    const onPresence = (e: MessageEvent) => {
      try {
        setPresence((JSON.parse(e.data as string) as { people: Presence[] }).people);
      } catch {
        /* a malformed snapshot changes nothing */
      }
    };
    source.onopen = () => {
      setState('live');
      all = true;
      schedule();
    };
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    for (const type of INBOX_EVENTS) source.addEventListener(type, onEvent);
    source.addEventListener('presence', onPresence);
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
      setPresence(null);
    };
  }, [qc, enabled]);

  return state;
}
