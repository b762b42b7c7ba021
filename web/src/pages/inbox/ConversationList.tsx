import { Alert, Badge, Box, Button, Center, Group, Loader, ScrollArea, SegmentedControl, Stack, Text, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, get } from '../../api';
import type { Page } from '../../types';
import { formatPhone } from '../contacts/contactsApi';
import { conversationListKey, conversationTitle, shortTime } from './inboxApi';
import type { Conversation, ConversationStatus } from './inboxTypes';

const LIST_REFRESH_MS = 5_000;

function preview(c: Conversation): string {
  if (!c.lastMessage) return 'No messages yet';
  // An MMS without text (a picture only) still says what it was.
  const text = c.lastMessage.body.replace(/\s+/g, ' ').trim() || 'Picture or file (MMS)';
  return c.lastMessage.direction === 'outbound' ? `You: ${text}` : text;
}

function ConversationItem({ c, active }: { c: Conversation; active: boolean }) {
  const title = conversationTitle(c);
  const hasName = title !== formatPhone(c.contact.phone);
  const unanswered = c.lastMessage?.direction === 'inbound';
  return (
    <UnstyledButton
      component={Link}
      to={`/inbox/${encodeURIComponent(c.id)}`}
      data-testid="conversation-item"
      data-conversation-id={c.id}
      data-active={active || undefined}
      aria-current={active ? 'page' : undefined}
      px="md"
      py="sm"
      display="block"
      bg={active ? 'west.0' : undefined}
      style={{
        borderBottom: '1px solid var(--mantine-color-gray-2)',
        borderLeft: `3px solid ${active ? 'var(--mantine-color-west-7)' : 'transparent'}`,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={unanswered ? 700 : 600} truncate data-testid="conversation-title">
          {title}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {shortTime(c.lastMessageAt ?? c.createdAt)}
        </Text>
      </Group>
      {hasName && (
        <Text size="xs" c="dimmed">
          {formatPhone(c.contact.phone)}
        </Text>
      )}
      <Group justify="space-between" wrap="nowrap" gap="xs" mt={2}>
        <Text size="sm" c={unanswered ? undefined : 'dimmed'} truncate data-testid="conversation-preview">
          {preview(c)}
        </Text>
        {c.optedOut && (
          <Badge size="xs" color="red" variant="filled" data-testid="opted-out-badge" style={{ flexShrink: 0 }}>
            Opted out
          </Badge>
        )}
      </Group>
    </UnstyledButton>
  );
}

/** The left pane: open or closed conversations, most recent first, refreshed every few seconds. */
export function ConversationList({
  status,
  onStatus,
  activeId,
  actions,
}: {
  status: ConversationStatus;
  onStatus: (s: ConversationStatus) => void;
  activeId: string | undefined;
  actions?: ReactNode;
}) {
  const list = useInfiniteQuery({
    queryKey: conversationListKey(status),
    queryFn: ({ pageParam }) =>
      get<Page<Conversation>>(`/v1/conversations?${new URLSearchParams({ status, ...(pageParam ? { cursor: pageParam } : {}) })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    placeholderData: keepPreviousData,
    refetchInterval: LIST_REFRESH_MS,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  return (
    <Stack gap={0} h="100%" data-testid="conversation-list">
      <Stack gap="xs" p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <SegmentedControl
          fullWidth
          size="xs"
          value={status}
          onChange={(v) => onStatus(v as ConversationStatus)}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'closed', label: 'Closed' },
          ]}
          aria-label="Conversation status"
        />
        {actions}
      </Stack>
      <ScrollArea style={{ flex: 1 }} type="auto">
        {list.isPending && (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading conversations" />
          </Center>
        )}
        {list.isError && (
          <Alert color="red" m="sm">
            {errorMessage(list.error)}
          </Alert>
        )}
        {list.isSuccess && rows.length === 0 && (
          <Box p="lg">
            <Text size="sm" c="dimmed" ta="center" data-testid="conversations-empty">
              {status === 'open' ? 'No open conversations. Start one with “New message”.' : 'No closed conversations.'}
            </Text>
          </Box>
        )}
        {rows.map((c) => (
          <ConversationItem key={c.id} c={c} active={c.id === activeId} />
        ))}
        {list.hasNextPage && (
          <Center p="sm">
            <Button size="xs" variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              Load more
            </Button>
          </Center>
        )}
      </ScrollArea>
    </Stack>
  );
}
