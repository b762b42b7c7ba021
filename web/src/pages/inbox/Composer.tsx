import { Alert, Button, Checkbox, CloseButton, FileButton, Group, Image, Paper, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage, post, upload } from '../../api';
import type { Page } from '../../types';
import { CONVERSATIONS_KEY, conversationKey, conversationPath, sendErrorMessage, threadKey } from './inboxApi';
import type { Conversation, Message, MessageMedia } from './inboxTypes';
import { SegmentCounter } from './SegmentCounter';

/** The reply box at the bottom of a thread. `blocked` explains why it is disabled, if it is. */
export function Composer({ conversation, blocked }: { conversation: Conversation; blocked: ReactNode | null }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [body, setBody] = useState('');
  const [smartEncoding, setSmartEncoding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attached, setAttached] = useState<MessageMedia[]>([]);

  const attach = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<MessageMedia>('/v1/media', form);
    },
    onSuccess: (m) => setAttached((a) => [...a, m]),
    onError: (e) => setError(sendErrorMessage(e) ?? errorMessage(e)),
  });

  const send = useMutation({
    mutationFn: (v: { body: string; smartEncoding: boolean; mediaIds: string[] }) =>
      post<Message>(`${conversationPath(conversation.id)}/messages`, {
        body: v.body, ...(v.smartEncoding ? { smartEncoding: true } : {}), ...(v.mediaIds.length ? { mediaIds: v.mediaIds } : {}),
      }),
    onSuccess: (m) => {
      setBody('');
      setAttached([]);
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
    if (!body.trim() && !attached.length) {
      setError('Write a message first.');
      return;
    }
    send.mutate({ body, smartEncoding, mediaIds: attached.flatMap((m) => (m.id ? [m.id] : [])) });
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
          {attached.length > 0 && (
            <Group gap="xs" data-testid="composer-attachments">
              {attached.map((m) => (
                <Group key={m.id} gap={2} wrap="nowrap">
                  {m.url && <Image src={m.url} alt="Attached picture" h={48} w={48} fit="cover" radius="sm" />}
                  <CloseButton size="sm" aria-label="Remove picture" onClick={() => setAttached((a) => a.filter((x) => x.id !== m.id))} />
                </Group>
              ))}
            </Group>
          )}
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <FileButton onChange={(f) => f && attach.mutate(f)} accept="image/jpeg,image/png,image/gif" disabled={disabled || attached.length >= 10}>
                {(props) => (
                  <Button {...props} size="xs" variant="default" loading={attach.isPending} aria-label="Attach picture" title="Attach a picture (JPEG, PNG or GIF; sent as MMS)" data-testid="attach-picture">
                    Picture
                  </Button>
                )}
              </FileButton>
              {attached.length ? (
                <Text size="xs" c="dimmed" data-testid="mms-counter">
                  MMS · {attached.length} picture{attached.length === 1 ? '' : 's'} · counts as one message
                </Text>
              ) : (
                <SegmentCounter body={body} smartEncoding={smartEncoding} />
              )}
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
