import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../api';
import type { Page } from '../../types';
import { contactName, formatPhone } from '../contacts/contactsApi';
import type { Conversation, Message, MessageStatus, NumberType, PhoneNumber } from './inboxTypes';

/** Everything under ['conversations'] is invalidated together after a send or a status change. */
export const CONVERSATIONS_KEY = ['conversations'] as const;
export const conversationListKey = (status: string) => ['conversations', 'list', status] as const;
export const conversationKey = (id: string) => ['conversations', 'detail', id] as const;
export const threadKey = (id: string) => ['conversations', 'messages', id] as const;
export const NUMBERS_KEY = ['numbers'] as const;

const enc = encodeURIComponent;

export const conversationPath = (id: string) => `/v1/conversations/${enc(id)}`;

export const useNumbers = () => useQuery({ queryKey: NUMBERS_KEY, queryFn: () => get<Page<PhoneNumber>>('/v1/numbers'), staleTime: 30_000 });

export const useConversation = (id: string) =>
  useQuery({ queryKey: conversationKey(id), queryFn: () => get<Conversation>(conversationPath(id)) });

/**
 * The thread, oldest first. Live updates come from the event stream; while it is down, poll
 * (quickly while a text is still on its way).
 */
export const useThread = (id: string, streamDown: boolean) =>
  useQuery({
    queryKey: threadKey(id),
    queryFn: () => get<Page<Message>>(`${conversationPath(id)}/messages`),
    refetchInterval: (q) => (!streamDown ? false : q.state.data?.data.some((m) => !isFinalStatus(m.status)) ? 1_500 : 5_000),
  });

/** Contact name, else their formatted number. */
export const conversationTitle = (c: Pick<Conversation, 'contact'>) => contactName(c.contact) || formatPhone(c.contact.phone);

export const NUMBER_TYPE_LABELS: Record<NumberType, string> = {
  long_code: 'Local (long code)',
  toll_free: 'Toll-free',
  short_code: 'Short code',
};

export const STATUS_COLORS: Record<MessageStatus, string> = {
  scheduled: 'grape',
  queued: 'gray',
  sending: 'blue',
  sent: 'cyan',
  delivered: 'green',
  undelivered: 'orange',
  failed: 'red',
  canceled: 'orange',
  received: 'gray',
};

/** Statuses after which nothing changes any more. */
export const isFinalStatus = (s: MessageStatus) => ['delivered', 'undelivered', 'failed', 'canceled', 'received'].includes(s);

/** What a refused send means for the person at the keyboard (POST /v1/messages and conversation replies). */
export const SEND_ERRORS: Record<string, string> = {
  invalid_phone: 'This is not a valid phone number.',
  landline_number: 'This is a landline: it cannot receive texts.',
  recipient_opted_out: 'This customer texted STOP: they opted out, so no more texts can be sent to them. They can text START to opt back in.',
  empty_body: 'Write a message first.',
  body_too_long: 'The message is too long: at most 10 segments (1,600 characters).',
  invalid_characters: 'The message contains characters that cannot be sent.',
  no_sender_number: 'You have no number to text from yet. Get one in Settings → Numbers.',
  unknown_sender: 'This number is not one of your numbers.',
  mms_not_supported: "This number's carrier connection cannot send pictures (MMS): send text only, or text from a number on a Twilio connection.",
  media_type_not_allowed: 'Pictures must be JPEG, PNG or GIF images.',
  media_too_large: 'The pictures of one message may be at most 5 MB in all.',
  too_many_media: 'Attach at most 10 pictures.',
};

export const sendErrorMessage = (e: unknown): string | null =>
  e instanceof ApiError && e.code in SEND_ERRORS ? SEND_ERRORS[e.code] : null;

/** "3:41 PM" today, "Mar 4" this year, else "Mar 4, 2024". */
export function shortTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const now = new Date();
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  if (d.getFullYear() === now.getFullYear()) return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return d.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export const timeOfDay = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });

/** "Today", "Yesterday" or the date, for the day dividers of a thread. */
export function dayLabel(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  const yesterday = new Date(today);
  yesterday.setDate(today.getDate() - 1);
  if (d.toDateString() === today.toDateString()) return 'Today';
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: d.getFullYear() === today.getFullYear() ? undefined : 'numeric' });
}
