import { Alert, Button, Checkbox, Group, Paper, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage, post } from '../../api';
import type { Page } from '../../types';
import { CONVERSATIONS_KEY, conversationKey, conversationPath, sendErrorMessage, threadKey } from './inboxApi';
import type { Conversation, Message } from './inboxTypes';
import { SegmentCounter } from './SegmentCounter';

/** The reply box at the bottom of a thread. `blocked` explains why it is disabled, if it is. */
export function Composer({ conversation, blocked }: { conversation: Conversation; blocked: ReactNode | null }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [body, setBody] = useState('');
  const [smartEncoding, setSmartEncoding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = useMutation({
    mutationFn: (v: { body: string; smartEncoding: boolean }) =>
      post<Message>(`${conversationPath(conversation.id)}/messages`, { body: v.body, ...(v.smartEncoding ? { smartEncoding: true } : {}) }),
    onSuccess: (m) => {
      setBody('');
      if (m.conversationId && m.conversationId !== conversation.id) {
        // The server filed it in another conversation (this one was closed meanwhile): follow it.
        navigate(`/inbox/${encodeURIComponent(m.conversationId)}`);
      } else {
        qc.setQueryData<Page<Message>>(threadKey(conversation.id), (old) =>
          old && !old.data.some((x) => x.id === m.id) ? { ...old, data: [...old.data, m] } : old,
        );
      }
      void qc.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
    },
    onError: (e) => {
      setError(sendErrorMessage(e) ?? errorMessage(e));
      if (e instanceof ApiError && e.code === 'recipient_opted_out') void qc.invalidateQueries({ queryKey: conversationKey(conversation.id) });
    },
  });

  const disabled = blocked !== null;
  const submit = () => {
    if (disabled || send.isPending) return;
    setError(null);
    if (!body.trim()) {
      setError('Write a message first.');
      return;
    }
    send.mutate({ body, smartEncoding });
  };

  return (
    <Paper withBorder p="sm" radius={0} style={{ borderLeft: 0, borderRight: 0, borderBottom: 0 }} data-testid="composer">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap={6}>
          {disabled && (
            <Text size="sm" c="dimmed" data-testid="composer-blocked">
              {blocked}
            </Text>
          )}
          {error && !disabled && (
            <Alert color="red" py={6} withCloseButton onClose={() => setError(null)} data-testid="send-error">
              {error}
            </Alert>
          )}
          <Textarea
            label="Message"
            placeholder={disabled ? 'Texting is blocked' : 'Write a reply…'}
            autosize
            minRows={2}
            maxRows={6}
            value={body}
            disabled={disabled}
            onChange={(e) => setBody(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                submit();
              }
            }}
          />
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="md" wrap="nowrap">
              <SegmentCounter body={body} smartEncoding={smartEncoding} />
              <Tooltip label="Replace curly quotes, long dashes and similar look-alikes so the text fits the cheaper GSM-7 encoding" withArrow multiline w={260}>
                <Checkbox size="xs" label="Smart encoding" checked={smartEncoding} disabled={disabled} onChange={(e) => setSmartEncoding(e.currentTarget.checked)} />
              </Tooltip>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" visibleFrom="lg">
                Ctrl+Enter to send
              </Text>
              <Button type="submit" loading={send.isPending} disabled={disabled}>
                Send
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
