import { ActionIcon, Badge, Checkbox, Group, Popover, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../../api';
import { canSendMessages, useSession } from '../../auth';
import { CONVERSATIONS_KEY, conversationKey, conversationPath } from './inboxApi';
import { LABELS_KEY, useLabels } from './inboxExtrasApi';
import type { Conversation } from './inboxTypes';

type Labelled = Conversation & { labels?: Array<{ id: string; name: string; color: string }> };

/** The conversation's labels as chips, and (for agents) a picker that adds or removes them. */
export function ConversationLabels({ c }: { c: Labelled }) {
  const qc = useQueryClient();
  const { user } = useSession();
  const labels = useLabels();
  const current = c.labels ?? [];
  const set = useMutation({
    mutationFn: (labelIds: string[]) => api<Conversation>(`${conversationPath(c.id)}/labels`, { method: 'PUT', body: { labelIds } }),
    onSuccess: (u) => {
      qc.setQueryData(conversationKey(c.id), u);
      void qc.invalidateQueries({ queryKey: [...CONVERSATIONS_KEY, 'list'] });
      void qc.invalidateQueries({ queryKey: LABELS_KEY });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const toggle = (id: string, on: boolean) => set.mutate(on ? [...current.map((l) => l.id), id] : current.filter((l) => l.id !== id).map((l) => l.id));

  return (
    <Group gap={4} wrap="wrap" data-testid="conversation-labels">
      {current.map((l) => (
        <Badge key={l.id} color={l.color} variant="light" size="sm" data-testid="label-chip">
          {l.name}
        </Badge>
      ))}
      {canSendMessages(user.role) && (
        <Popover position="bottom-start" shadow="md" withArrow>
          <Popover.Target>
            <Tooltip label="Labels">
              <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Edit labels" data-testid="labels-button">
                +
              </ActionIcon>
            </Tooltip>
          </Popover.Target>
          <Popover.Dropdown data-testid="labels-picker">
            <Stack gap={6} miw={180}>
              {(labels.data?.data ?? []).map((l) => (
                <Checkbox
                  key={l.id}
                  size="xs"
                  label={<Badge color={l.color} variant="light" size="sm">{l.name}</Badge>}
                  checked={current.some((x) => x.id === l.id)}
                  disabled={set.isPending}
                  onChange={(e) => toggle(l.id, e.currentTarget.checked)}
                />
              ))}
              {labels.isSuccess && labels.data.data.length === 0 && (
                <Text size="xs" c="dimmed">
                  No labels yet. <Link to="/settings/inbox">Create them in Settings → Inbox</Link>.
                </Text>
              )}
            </Stack>
          </Popover.Dropdown>
        </Popover>
      )}
    </Group>
  );
}
