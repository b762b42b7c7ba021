import { Alert, Anchor, Box, Button, Center, Divider, Group, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, errorMessage, patch } from '../../api';
import { canSendMessages, useSession } from '../../auth';
import { ConsentBadge } from '../contacts/ContactBadges';
import { formatPhone } from '../contacts/contactsApi';
import { Composer } from './Composer';
import { AssignMenu } from './AssignMenu';
import { ConversationActions } from './ConversationActions';
import { PresenceBar } from './PresenceBar';
import {
  CONVERSATIONS_KEY,
  conversationKey,
  conversationPath,
  conversationTitle,
  dayLabel,
  useConversation,
  useNumbers,
  useThread,
} from './inboxApi';
import type { Conversation, Message } from './inboxTypes';
import { MessageBubble } from './MessageBubble';
import { ConversationLabels } from './ConversationLabels';
import { NoteBubble } from './NoteBubble';
import { timeline, useNotes, type Note } from './inboxExtrasApi';
import { SimulateReplyPanel } from './SimulateReplyPanel';
import { SlaBadge } from '../sla/SlaBadge';
import { useConversationStream, type StreamState } from './useConversationStream';
import { WithContactPanel } from './ContactPanel';
import { useOnline } from '../../components/useOnline';

function Header({ c, stream }: { c: Conversation; stream: StreamState }) {
  const qc = useQueryClient();
  const { user } = useSession();
  const title = conversationTitle(c);
  const named = title !== formatPhone(c.contact.phone);
  const setStatus = useMutation({
    mutationFn: (status: 'open' | 'closed') => patch<Conversation>(conversationPath(c.id), { status }),
    onSuccess: (u) => {
      qc.setQueryData(conversationKey(c.id), u);
      void qc.invalidateQueries({ queryKey: [...CONVERSATIONS_KEY, 'list'] });
      notifications.show({ message: u.status === 'closed' ? 'Conversation closed' : 'Conversation reopened' });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" p="md" data-testid="conversation-header" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Anchor component={Link} to="/inbox" size="xs" hiddenFrom="md">
          ← All conversations
        </Anchor>
        <Group gap="xs" wrap="nowrap">
          <Title order={4} style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/contacts/${encodeURIComponent(c.contact.id)}`} inherit c="inherit" data-testid="conversation-contact">
              {title}
            </Anchor>
          </Title>
          <ConsentBadge state={c.contact.consent.state} data-testid="conversation-consent" />
          <SlaBadge conversationId={c.id} />
          {c.status === 'closed' && (
            <Tooltip label="Closed conversations are kept for reference. A new text from the customer opens a new conversation." withArrow multiline w={260}>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" data-testid="conversation-closed">
                Closed
              </Text>
            </Tooltip>
          )}
        </Group>
        <ConversationLabels c={c} />
        <Text size="sm" c="dimmed">
          {named ? `${formatPhone(c.contact.phone)} · ` : ''}via <span data-testid="conversation-number" style={{ whiteSpace: 'nowrap' }}>{formatPhone(c.number.phoneNumber)}</span>
          {stream === 'live' && (
            <Text span size="xs" c="green.7" ml="xs" data-testid="stream-state">
              ● Live
            </Text>
          )}
          {stream === 'offline' && (
            <Text span size="xs" c="orange.7" ml="xs" data-testid="stream-state">
              Live updates unavailable — refreshing every few seconds
            </Text>
          )}
        </Text>
        <PresenceBar conversationId={c.id} />
      </Stack>
      {/* Beside the name when both fit, else under it (a narrow column: the contact panel open at 1200–1400 px). */}
      <Group gap="xs" wrap="wrap">
        <AssignMenu conversation={c} />
        <ConversationActions c={c} />
      </Group>
    </Group>
  );
}

/**
 * The thread's least height: the header, the simulator's reply panel and the composer took a
 * laptop's whole column (a 32 px strip of thread at 1280×800); the column scrolls instead.
 */
const THREAD_MIN_HEIGHT = 120;

/**
 * Messages with a divider at each new day. Keeps the newest in view as the thread grows, unless
 * the reader scrolled up to older messages (a status update then does not yank them down).
 */
function Thread({ messages, notes = [] }: { messages: Message[]; notes?: Note[] }) {
  const viewport = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seenCount = useRef(0);
  const last = messages[messages.length - 1];
  const lastKey = last ? `${messages.length}:${last.id}:${last.status}:${notes.length}` : `n${notes.length}`;
  const items = timeline(messages, notes);
  useEffect(() => {
    const el = viewport.current;
    const grew = items.length > seenCount.current;
    seenCount.current = items.length;
    if (el && (atBottom.current || grew)) el.scrollTop = el.scrollHeight;
    // lastKey stands for the messages: react to a new message or a status change, not to every refetch.
  }, [lastKey]);

  return (
    <Box
      ref={viewport}
      style={{ flex: 1, minHeight: THREAD_MIN_HEIGHT, overflowY: 'auto' }}
      p="md"
      bg="gray.0"
      data-testid="thread"
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
    >
      {items.length === 0 && (
        <Center h="100%">
          <Text size="sm" c="dimmed">
            No messages yet.
          </Text>
        </Center>
      )}
      <Stack gap="sm">
        {items.map((it, i) => {
          const day = dayLabel(it.at);
          const newDay = i === 0 || dayLabel(items[i - 1].at) !== day;
          return (
            <Fragment key={it.kind === 'note' ? it.note.id : it.message.id}>
              {newDay && <Divider label={day} labelPosition="center" />}
              {it.kind === 'note' ? <NoteBubble note={it.note} /> : <MessageBubble message={it.message} />}
            </Fragment>
          );
        })}
      </Stack>
    </Box>
  );
}

/** The right pane: one conversation, live. */
export function ConversationView({ id }: { id: string }) {
  const { user } = useSession();
  const stream = useConversationStream(id);
  const online = useOnline();
  const conversation = useConversation(id);
  const numbers = useNumbers();
  const thread = useThread(id, stream === 'offline');
  const messages = thread.data?.data ?? [];
  const notes = useNotes(id).data?.data ?? [];

  if (conversation.isPending) {
    return (
      <Center h="100%">
        <Loader aria-label="Loading conversation" />
      </Center>
    );
  }
  if (conversation.isError) {
    const notFound = conversation.error instanceof ApiError && conversation.error.status === 404;
    return (
      <Center h="100%" p="lg">
        <Alert color={notFound ? 'yellow' : 'red'} maw={420}>
          {notFound ? 'This conversation does not exist.' : errorMessage(conversation.error)}
        </Alert>
      </Center>
    );
  }

  const c = conversation.data;
  const canSend = canSendMessages(user.role);
  const number = numbers.data?.data.find((n) => n.id === c.number.id);
  const simulated = number?.provider === 'simulator';
  const blocked = !online
    ? 'You are offline: sending resumes when the connection is back.'
    : !canSend
    ? 'Viewers can read conversations but not reply.'
    : c.optedOut
      ? 'Replies are disabled: this customer opted out.'
      : c.status === 'closed'
        ? 'This conversation is closed. Reopen it to reply.'
        : null;

  return (
    <WithContactPanel conversation={c}>
    <Stack gap={0} h="100%" style={{ overflowY: 'auto' }} data-testid="conversation-view" data-conversation-id={c.id} data-opted-out={c.optedOut}>
      <Header c={c} stream={online ? stream : 'connecting'} />
      {!online && (
        <Alert color="orange" radius={0} py={6} data-testid="offline-alert">
          <Text size="sm" inherit>
            <b>Offline.</b> Live updates and sending are paused until the connection is back.
          </Text>
        </Alert>
      )}
      {c.optedOut && (
        <Alert color="red" variant="filled" radius={0} py={8} data-testid="opted-out-alert">
          <Text size="sm" inherit>
            <b>Opted out.</b> This customer texted STOP: further texts to {formatPhone(c.contact.phone)} are blocked until they text START.
          </Text>
        </Alert>
      )}
      {thread.isError && (
        <Alert color="red" radius={0}>
          {errorMessage(thread.error)}
        </Alert>
      )}
      {thread.isPending ? (
        <Center style={{ flex: 1 }}>
          <Loader size="sm" aria-label="Loading messages" />
        </Center>
      ) : (
        <Thread messages={messages} notes={notes} />
      )}
      {simulated && canSend && <SimulateReplyPanel conversation={c} />}
      <Composer conversation={c} blocked={blocked} />
    </Stack>
    </WithContactPanel>
  );
}
