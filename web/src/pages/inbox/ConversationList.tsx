import { Alert, Badge, Box, Button, Center, Group, Loader, ScrollArea, SegmentedControl, Stack, Tabs, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage, get } from '../../api';
import { canStartConversations, useSession } from '../../auth';
import type { Page } from '../../types';
import { formatPhone } from '../contacts/contactsApi';
import { conversationTitle, shortTime } from './inboxApi';
import type { Conversation, ConversationStatus } from './inboxTypes';
import { FilterPopover, SearchBox } from './ListFilters';
import { filterParams, listKey, useCounts, type InboxView, type ListFilters } from './liveApi';
import { useInboxShortcut } from './shortcuts';

/** A fallback only: the account stream refreshes the list within a second of any change. */
const LIST_REFRESH_MS = 30_000;

const STATES: Array<{ value: ConversationStatus; label: string }> = [
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'closed', label: 'Closed' },
];

const VIEWS: Array<{ value: InboxView; label: string }> = [
  { value: 'mine', label: 'Mine' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'teams', label: 'My teams' },
  { value: 'all', label: 'All' },
];

function preview(c: Conversation): string {
  if (!c.lastMessage) return 'No messages yet';
  // An MMS without text (a picture only) still says what it was.
  const text = c.lastMessage.body.replace(/\s+/g, ' ').trim() || 'Picture or file (MMS)';
  return c.lastMessage.direction === 'outbound' ? `You: ${text}` : text;
}

const snoozeLabel = (c: Conversation) =>
  c.snoozedUntil ? `Until ${new Date(c.snoozedUntil).toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' })}` : 'Until they reply';

function ConversationItem({ c, active }: { c: Conversation; active: boolean }) {
  const title = conversationTitle(c);
  const hasName = title !== formatPhone(c.contact.phone);
  const unread = !!c.unread;
  return (
    <UnstyledButton
      component={Link}
      to={`/inbox/${encodeURIComponent(c.id)}`}
      data-testid="conversation-item"
      data-conversation-id={c.id}
      data-unread={unread || undefined}
      data-needs-reply={c.needsReply || undefined}
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
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          {unread && <Box w={8} h={8} style={{ borderRadius: 4, flexShrink: 0, background: 'var(--mantine-color-west-6)' }} aria-label="Unread" data-testid="unread-dot" />}
          <Text size="sm" fw={unread ? 800 : 500} truncate data-testid="conversation-title">
            {title}
          </Text>
        </Group>
        <Text size="xs" c={unread ? undefined : 'dimmed'} fw={unread ? 700 : undefined} style={{ whiteSpace: 'nowrap' }}>
          {shortTime(c.lastMessageAt ?? c.createdAt)}
        </Text>
      </Group>
      {hasName && (
        <Text size="xs" c="dimmed">
          {formatPhone(c.contact.phone)}
        </Text>
      )}
      <Group justify="space-between" wrap="nowrap" gap="xs" mt={2}>
        <Text size="sm" c={unread ? undefined : 'dimmed'} fw={unread ? 600 : undefined} truncate data-testid="conversation-preview">
          {preview(c)}
        </Text>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          {c.needsReply && c.status !== 'closed' && (
            <Tooltip label="The customer is waiting for a reply" withArrow>
              <Badge size="xs" color="orange" variant="light" data-testid="needs-reply">
                Reply
              </Badge>
            </Tooltip>
          )}
          {c.optedOut && (
            <Badge size="xs" color="red" variant="filled" data-testid="opted-out-badge">
              Opted out
            </Badge>
          )}
        </Group>
      </Group>
      {(c.assignee || c.team || c.status === 'snoozed') && (
        <Group gap={6} mt={2} wrap="nowrap">
          {c.status === 'snoozed' && (
            <Text size="xs" c="grape.7" data-testid="snoozed-until">
              {snoozeLabel(c)}
            </Text>
          )}
          {(c.assignee || c.team) && (
            <Text size="xs" c="dimmed" truncate data-testid="conversation-assignee">
              {[c.assignee?.name, c.team?.name].filter(Boolean).join(' · ')}
            </Text>
          )}
        </Group>
      )}
    </UnstyledButton>
  );
}

/**
 * The left pane: a view (mine / unassigned / my teams / all), state tabs with counts, search and
 * filters; most recent first. Live: the account stream refetches it on any change. j / k move to
 * the next / previous conversation.
 */
export function ConversationList({
  state,
  onState,
  filters,
  onFilters,
  activeId,
  actions,
}: {
  state: ConversationStatus;
  onState: (s: ConversationStatus) => void;
  filters: ListFilters;
  onFilters: (f: ListFilters) => void;
  activeId: string | undefined;
  actions?: ReactNode;
}) {
  const canStart = canStartConversations(useSession());
  const params = useMemo(() => filterParams(filters), [filters]);
  const counts = useCounts(params);
  const list = useInfiniteQuery({
    queryKey: listKey(state, params),
    queryFn: ({ pageParam }) =>
      get<Page<Conversation>>(`/v1/conversations?${new URLSearchParams({ state, ...params, ...(pageParam ? { cursor: pageParam } : {}) })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    placeholderData: keepPreviousData,
    refetchInterval: LIST_REFRESH_MS,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const navigate = useNavigate();
  const scroller = useRef<HTMLDivElement>(null);

  const move = (step: 1 | -1) => {
    if (!rows.length) return;
    const at = rows.findIndex((c) => c.id === activeId);
    const next = at === -1 ? (step === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
    if (next === at) return;
    navigate(`/inbox/${encodeURIComponent(rows[next].id)}`);
  };
  useInboxShortcut('j', () => move(1), { description: 'Next conversation', group: 'Navigation' });
  useInboxShortcut('k', () => move(-1), { description: 'Previous conversation', group: 'Navigation' });
  useEffect(() => {
    if (!activeId) return;
    scroller.current?.querySelector(`[data-conversation-id="${CSS.escape(activeId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const count = (s: ConversationStatus) => counts.data?.[s];
  const searching = !!params.search;

  return (
    <Stack gap={0} h="100%" data-testid="conversation-list">
      <Stack gap={6} p="sm" pb={0} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <SegmentedControl
          fullWidth
          size="xs"
          value={filters.view}
          onChange={(v) => onFilters({ ...filters, view: v as InboxView, assignee: v === 'all' ? filters.assignee : null })}
          data={VIEWS.map((v) => ({
            value: v.value,
            label: v.value === 'mine' && counts.data?.mine ? `Mine ${counts.data.mine}` : v.label,
          }))}
          aria-label="Whose conversations"
          data-testid="inbox-view"
        />
        <Group gap={6} wrap="nowrap">
          <SearchBox value={filters.search} onChange={(search) => onFilters({ ...filters, search })} />
          <FilterPopover filters={filters} onChange={onFilters} />
        </Group>
        {actions}
        <Tabs value={state} onChange={(v) => v && onState(v as ConversationStatus)} variant="default">
          <Tabs.List grow>
            {STATES.map((s) => (
              <Tabs.Tab key={s.value} value={s.value} px={4} data-testid={`state-tab-${s.value}`} fz="xs">
                {s.label}
                {count(s.value) !== undefined && s.value !== 'closed' && (
                  <Text span size="xs" c="dimmed" ml={4} data-testid={`state-count-${s.value}`}>
                    {count(s.value)}
                  </Text>
                )}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      </Stack>
      <ScrollArea style={{ flex: 1 }} type="auto" viewportRef={scroller}>
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
              {searching
                ? 'Nothing matches this search.'
                : state === 'open'
                  ? canStart ? 'No open conversations here. Start one with “New message”.' : 'No open conversations here.'
                  : `No ${state} conversations here.`}
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
