import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CONTACTS_KEY } from '../contacts/contactsApi';
import { CONVERSATIONS_KEY, conversationKey, conversationPath, threadKey } from './inboxApi';

export type StreamState = 'connecting' | 'live' | 'offline';

const MESSAGE_EVENTS = ['message.created', 'message.status_changed', 'message.received', 'message.redacted', 'message.deleted', 'conversation.note_added', 'conversation.labels_changed'];
const CONSENT_EVENTS = ['contact.opted_out', 'contact.opted_in'];

/**
 * Follows a conversation's server-sent events: any message event refetches the thread, a consent
 * change also refetches the conversation (its "opted out" state) and the lists. On (re)connect the
 * thread is refetched too, so nothing that happened while connecting is missed.
 */
export function useConversationStream(id: string): StreamState {
  const qc = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setState('offline');
      return;
    }
    setState('connecting');
    const source = new EventSource(`${conversationPath(id)}/stream`);
    let pending: ReturnType<typeof setTimeout> | null = null;
    let consentChanged = false;
    // A burst of events (a batch of receipts) becomes one refetch.
    const refresh = (consent: boolean) => {
      consentChanged ||= consent;
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        void qc.invalidateQueries({ queryKey: threadKey(id) });
        void qc.invalidateQueries({ queryKey: conversationKey(id) });
        void qc.invalidateQueries({ queryKey: [...CONVERSATIONS_KEY, 'list'] });
        if (consentChanged) void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
        consentChanged = false;
      }, 50);
    };
    source.onopen = () => {
      setState('live');
      refresh(false);
    };
    source.onerror = () => {
      // The browser reconnects by itself unless the server refused the stream outright.
      setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    };
    const onMessageEvent = () => refresh(false);
    const onConsentEvent = () => refresh(true);
    for (const type of MESSAGE_EVENTS) source.addEventListener(type, onMessageEvent);
    for (const type of CONSENT_EVENTS) source.addEventListener(type, onConsentEvent);
    return () => {
      if (pending) clearTimeout(pending);
      source.close();
    };
  }, [id, qc]);

  return state;
}
