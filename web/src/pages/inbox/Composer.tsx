import { Alert, Button, Checkbox, CloseButton, FileButton, Group, Image, Paper, SegmentedControl, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage, post, upload } from '../../api';
import { canSendMessages, useSession } from '../../auth';
import type { Page } from '../../types';
import { CONVERSATIONS_KEY, conversationKey, conversationPath, sendErrorMessage, threadKey } from './inboxApi';
import type { Conversation, Message, MessageMedia } from './inboxTypes';
import { notesKey, type Note } from './inboxExtrasApi';
import { useInboxShortcut } from './shortcuts';
import { SegmentCounter } from './SegmentCounter';
import { SuggestionList } from './SuggestionList';
import { useComposerPicker, type ComposerMode } from './useComposerPicker';

/**
 * The reply box at the bottom of a thread. `blocked` explains why replies are disabled, if they
 * are. "Note" switches it to an internal note (yellow; never sent to the customer; "@" mentions
 * a member). In a reply, "/" at the start picks a canned reply.
 */
export function Composer({ conversation, blocked }: { conversation: Conversation; blocked: ReactNode | null }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { user } = useSession();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [body, setBody] = useState('');
  const [caret, setCaret] = useState(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useComposerPicker(conversation.id, mode, body, caret);
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

  const addNote = useMutation({
    mutationFn: (text: string) => post<Note>(`${conversationPath(conversation.id)}/notes`, { body: text }),
    onSuccess: () => {
      setBody('');
      void qc.invalidateQueries({ queryKey: notesKey(conversation.id) });
    },
    onError: (e) => setError(errorMessage(e)),
  });

  const note = mode === 'note';
  const disabled = note ? !canSendMessages(user.role) : blocked !== null;
  const setText = (text: string, at: number) => {
    setBody(text);
    setCaret(at);
    // After the render that shows `text`; not when more was typed meanwhile (a fast typist's next key, a loaded machine): the
    // caret moved back to `at` then put the rest of the typing before the key typed first ("@Ana Lima an you…c").
    requestAnimationFrame(() => {
      const el = input.current;
      if (el && el.value === text) el.setSelectionRange(at, at);
    });
  };
  // "/" anywhere in the conversation (not while typing): a canned reply — the reply box, with the
  // picker open when it is empty; in a note, or with text already written, the box is focused.
  useInboxShortcut('/', () => {
    if (mode === 'reply' && !body) setText('/', 1);
    input.current?.focus();
  }, { description: 'Canned reply (opens the picker in the reply box)', group: 'Conversation', enabled: !disabled });
  const submit = () => {
    if (note) {
      if (disabled || addNote.isPending) return;
      setError(null);
      if (!body.trim()) setError('Write the note first.');
      else addNote.mutate(body);
      return;
    }
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
          <SegmentedControl
            size="xs"
            w="fit-content"
            value={mode}
            onChange={(v) => { setMode(v as ComposerMode); setError(null); }}
            data={[{ value: 'reply', label: 'Reply' }, { value: 'note', label: 'Internal note' }]}
            data-testid="composer-mode"
          />
          {disabled && (
            <Text size="sm" c="dimmed" data-testid="composer-blocked">
              {note ? 'Viewers can read notes but not write them.' : blocked}
            </Text>
          )}
          {picker.open && picker.picker && !disabled && (
            <SuggestionList
              items={picker.picker.items}
              active={picker.active}
              onPick={(i) => { const r = picker.picker!.replace(i); if (r) setText(r.body, r.caret); input.current?.focus(); }}
              label={picker.picker.kind === 'canned' ? 'Canned replies' : 'Mention a teammate'}
              empty={picker.loading ? 'Loading…' : 'No canned reply matches. Add some in Settings → Inbox.'}
              testId={picker.picker.kind === 'canned' ? 'canned-picker' : 'mention-picker'}
            />
          )}
          {error && !disabled && (
            <Alert color="red" py={6} withCloseButton onClose={() => setError(null)} data-testid="send-error">
              {error}
            </Alert>
          )}
          <Textarea
            ref={input}
            label={note ? 'Internal note' : 'Message'}
            placeholder={disabled ? (note ? 'Notes are read-only for viewers' : 'Texting is blocked') : note ? 'Only your team sees this. Type @ to mention someone…' : 'Write a reply… (type / for canned replies)'}
            autosize
            minRows={2}
            maxRows={6}
            value={body}
            disabled={disabled}
            styles={note ? { input: { background: 'var(--mantine-color-yellow-0)', borderColor: 'var(--mantine-color-yellow-6)' } } : undefined}
            data-testid="composer-input"
            onChange={(e) => { setBody(e.currentTarget.value); setCaret(e.currentTarget.selectionStart ?? e.currentTarget.value.length); }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
            onKeyDown={(e) => {
              const picked = picker.onKeyDown(e);
              if (picked) {
                setText(picked.body, picked.caret);
                return;
              }
              if (e.defaultPrevented) return;
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
          {/* In a narrow column (contact panel open at 1200–1400 px) the left part wraps instead of squeezing Picture to a blank box and Send's label. */}
          <Group justify="space-between" wrap="nowrap" gap="sm">
            {note ? (
              <Text size="xs" c="dimmed">
                Not sent to the customer. Mentioned teammates are notified.
              </Text>
            ) : (
            <Group gap="xs" wrap="wrap" style={{ minWidth: 0, flex: 1 }}>
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
            )}
            <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
              <Text size="xs" c="dimmed" visibleFrom="lg">
                Ctrl+Enter to {note ? 'add' : 'send'}
              </Text>
              <Button type="submit" loading={note ? addNote.isPending : send.isPending} disabled={disabled} color={note ? 'yellow.7' : undefined}>
                {note ? 'Add note' : 'Send'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
