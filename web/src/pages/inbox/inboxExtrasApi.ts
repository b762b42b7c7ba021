import { useQuery } from '@tanstack/react-query';
import { get } from '../../api';
import type { components } from '../../api-types.gen';
import type { Page } from '../../types';
import { conversationPath, threadKey } from './inboxApi';
import type { Message } from './inboxTypes';

/** Internal notes, canned replies, labels and notifications (issue 11): types from the API's OpenAPI document. */
export type Note = components['schemas']['Note'];
export type CannedReply = components['schemas']['CannedReply'];
export type Label = components['schemas']['Label'];
export type AppNotification = components['schemas']['Notification'];
export type NotificationsPage = components['schemas']['NotificationsPage'];

/** Under the thread's key: whatever refreshes the thread (its event stream) refreshes the notes too. */
export const notesKey = (id: string) => [...threadKey(id), 'notes'] as const;
export const CANNED_KEY = ['canned-replies'] as const;
export const LABELS_KEY = ['labels'] as const;
export const NOTIFICATIONS_KEY = ['notifications'] as const;

export const useNotes = (id: string) =>
  useQuery({ queryKey: notesKey(id), queryFn: () => get<Page<Note>>(`${conversationPath(id)}/notes`), refetchInterval: 15_000 });

/** The account's canned replies, rendered for this conversation's contact. */
export const useCannedReplies = (conversationId: string, enabled: boolean) =>
  useQuery({
    queryKey: [...CANNED_KEY, conversationId],
    queryFn: () => get<Page<CannedReply>>(`/v1/canned-replies?conversationId=${encodeURIComponent(conversationId)}`),
    enabled,
    staleTime: 10_000,
  });

export const useLabels = () => useQuery({ queryKey: LABELS_KEY, queryFn: () => get<Page<Label>>('/v1/labels'), staleTime: 30_000 });

export const useNotifications = () =>
  useQuery({ queryKey: NOTIFICATIONS_KEY, queryFn: () => get<NotificationsPage>('/v1/notifications?limit=20'), refetchInterval: 5_000 });

export type ThreadItem = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

/** Messages and notes in one timeline, oldest first. */
export function timeline(messages: Message[], notes: Note[]): ThreadItem[] {
  const items: ThreadItem[] = [
    ...messages.map((m) => ({ kind: 'message' as const, at: m.createdAt, message: m })),
    ...notes.map((n) => ({ kind: 'note' as const, at: n.createdAt, note: n })),
  ];
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
