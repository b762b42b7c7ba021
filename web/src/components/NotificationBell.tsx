import { ActionIcon, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { post } from '../api';
import { NOTIFICATIONS_KEY, useNotifications, type AppNotification } from '../pages/inbox/inboxExtrasApi';

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/** What happened: a mention in a note, or an SLA warning / breach of a conversation assigned to you. */
const titleOf = (n: AppNotification) =>
  n.kind === 'mention' ? `${n.actor?.name ?? 'Someone'} mentioned you` : n.kind === 'sla_warning' ? 'Reply due soon (SLA)' : n.kind === 'sla_breached' ? 'SLA breached' : n.kind;

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** The header's bell: unread notifications (an @mention in a note…), newest first; opening one marks it read. */
export function NotificationBell() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const unread = list.data?.unreadCount ?? 0;
  const markRead = useMutation({
    mutationFn: (body: { ids?: string[]; all?: boolean }) => post<{ unreadCount: number }>('/v1/notifications/read', body),
    onSettled: () => void qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
  const openOne = (n: AppNotification) => {
    if (!n.read) markRead.mutate({ ids: [n.id] });
    setOpen(false);
    if (n.conversationId) navigate(`/inbox/${encodeURIComponent(n.conversationId)}`);
  };

  return (
    <Popover opened={open} onChange={setOpen} position="bottom-end" width={340} shadow="md" withArrow>
      <Popover.Target>
        <Indicator label={unread > 9 ? '9+' : unread} size={16} disabled={unread === 0} offset={4} color="red" data-testid="notification-count" data-count={unread}>
          <ActionIcon variant="subtle" color="gray" aria-label={unread ? `Notifications (${unread} unread)` : 'Notifications'} onClick={() => setOpen((o) => !o)} data-testid="notification-bell">
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="notifications-panel">
        <Group justify="space-between" mb={6}>
          <Text fw={600} size="sm">
            Notifications
          </Text>
          {unread > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate({ all: true })}>
              Mark all read
            </Button>
          )}
        </Group>
        <ScrollArea.Autosize mah={360}>
          <Stack gap={4}>
            {(list.data?.data ?? []).length === 0 && (
              <Text size="sm" c="dimmed" p="xs">
                Nothing yet. When a teammate mentions you in a note, it shows here.
              </Text>
            )}
            {(list.data?.data ?? []).map((n) => (
              <UnstyledButton key={n.id} onClick={() => openOne(n)} p={6} style={{ borderRadius: 4, background: n.read ? undefined : 'var(--mantine-color-yellow-0)' }} data-testid="notification-item" data-read={n.read}>
                <Text size="sm" fw={n.read ? 400 : 600}>
                  {titleOf(n)}{n.contactName ? ` · ${n.contactName}` : ''}
                </Text>
                {n.excerpt && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {n.excerpt}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {when(n.createdAt)}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
