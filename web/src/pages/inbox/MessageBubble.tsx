import { Badge, Box, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { LinkifiedText } from '../../components/LinkifiedText';
import { formatDate } from '../../policies';
import { STATUS_COLORS, timeOfDay } from './inboxApi';
import type { Message } from './inboxTypes';
import { MessageMediaList } from './MessageMedia';

const KEYWORD_HINTS: Record<string, string> = {
  opt_out: 'Opt-out keyword: the customer was unsubscribed.',
  opt_in: 'Opt-in keyword: the customer subscribed again.',
  help: 'Help keyword: the automatic help reply was sent.',
  custom: 'One of your custom keywords.',
};

function statusDetails(m: Message): string {
  const parts = [m.media?.length ? `MMS, ${m.media.length} file${m.media.length === 1 ? '' : 's'}` : `${m.encoding}, ${m.segments} segment${m.segments === 1 ? '' : 's'}`, `created ${formatDate(m.createdAt, true)}`];
  if (m.sentAt) parts.push(`sent ${formatDate(m.sentAt, true)}`);
  if (m.deliveredAt) parts.push(`delivered ${formatDate(m.deliveredAt, true)}`);
  return parts.join(' · ');
}

/** One text in a thread: outbound on the right with its delivery status, inbound on the left with its keyword. */
export function MessageBubble({ message: m }: { message: Message }) {
  const outbound = m.direction === 'outbound';
  const problem = outbound && (m.status === 'failed' || m.status === 'undelivered' || m.status === 'canceled');
  return (
    <Stack
      gap={4}
      align={outbound ? 'flex-end' : 'flex-start'}
      data-testid="message-bubble"
      data-direction={m.direction}
      data-kind={m.kind}
      data-status={m.status}
      data-message-id={m.id}
    >
      <Paper
        px="sm"
        py={8}
        maw="78%"
        radius="lg"
        bg={outbound ? (m.kind === 'keyword_reply' ? 'west.5' : 'west.7') : 'white'}
        c={outbound ? 'white' : undefined}
        className={outbound ? 'wm-bubble-out' : undefined}
        withBorder={!outbound}
        style={{ borderBottomRightRadius: outbound ? 4 : undefined, borderBottomLeftRadius: outbound ? undefined : 4 }}
      >
        <Stack gap={6}>
          {m.media && m.media.length > 0 && <MessageMediaList media={m.media} outbound={outbound} />}
          {(m.body || !m.media?.length) && <LinkifiedText text={m.body} size="sm" c="inherit" data-testid="message-body" />}
        </Stack>
      </Paper>
      <Group gap={6} wrap="nowrap" px={4}>
        {!outbound && m.keyword && (
          <Tooltip label={KEYWORD_HINTS[m.keyword.kind] ?? 'Keyword'} withArrow>
            <Badge size="xs" color={m.keyword.kind === 'opt_out' ? 'red' : m.keyword.kind === 'opt_in' ? 'green' : 'blue'} variant="light" data-testid="keyword-badge" tt="none">
              {m.keyword.word}
            </Badge>
          </Tooltip>
        )}
        {outbound && m.kind === 'keyword_reply' && (
          <Badge size="xs" color="gray" variant="outline" tt="none">
            Auto-reply
          </Badge>
        )}
        {outbound && m.kind === 'marketing' && (
          <Badge size="xs" color="grape" variant="outline" tt="none">
            Marketing
          </Badge>
        )}
        <Tooltip label={statusDetails(m)} withArrow>
          <Text size="xs" c="dimmed">
            {timeOfDay(m.createdAt)}
          </Text>
        </Tooltip>
        {outbound && (
          <Badge size="xs" variant="light" color={STATUS_COLORS[m.status] ?? 'gray'} data-testid="message-status" data-status={m.status}>
            {m.status}
          </Badge>
        )}
      </Group>
      {problem && (m.errorMessage || m.errorCode) && (
        <Box maw="78%" px={4}>
          <Text size="xs" c="red.7" ta="right" data-testid="message-error">
            {m.errorMessage ?? `Error ${m.errorCode}`}
          </Text>
        </Box>
      )}
    </Stack>
  );
}
