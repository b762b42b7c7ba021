import { Alert, Button, Code, Group, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, get, patch, post } from '../../api';
import { canSendMessages, useSession } from '../../auth';
import { CANNED_KEY, type CannedReply } from '../inbox/inboxExtrasApi';
import type { Page } from '../../types';

/** Settings → Inbox: the team's canned replies ("/shortcut" in the composer), with merge fields. */
export function CannedRepliesSection() {
  const qc = useQueryClient();
  const { user } = useSession();
  const canEdit = canSendMessages(user.role);
  const list = useQuery({ queryKey: CANNED_KEY, queryFn: () => get<Page<CannedReply>>('/v1/canned-replies') });
  const [editing, setEditing] = useState<CannedReply | null>(null);
  const [shortcut, setShortcut] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reset = () => { setEditing(null); setShortcut(''); setBody(''); setError(null); };

  const save = useMutation({
    mutationFn: () => (editing ? patch<CannedReply>(`/v1/canned-replies/${encodeURIComponent(editing.id)}`, { shortcut, body }) : post<CannedReply>('/v1/canned-replies', { shortcut, body })),
    onSuccess: (r) => {
      notifications.show({ color: 'green', message: `Canned reply /${r.shortcut} saved` });
      reset();
      void qc.invalidateQueries({ queryKey: CANNED_KEY });
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (r: CannedReply) => del(`/v1/canned-replies/${encodeURIComponent(r.id)}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: CANNED_KEY }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  const rows = list.data?.data ?? [];
  return (
    <Stack gap="md" data-testid="canned-replies-section">
      <Stack gap={2}>
        <Title order={4}>Canned replies</Title>
        <Text size="sm" c="dimmed">
          Type <Code>/</Code> at the start of a reply to pick one. Merge fields like <Code>{'{{first_name|there}}'}</Code> or a custom field key are filled in for the customer.
        </Text>
      </Stack>
      {canEdit && (
        <Paper withBorder p="md">
          <form noValidate onSubmit={(e) => { e.preventDefault(); setError(null); save.mutate(); }}>
            <Stack gap="sm">
              {error && <Alert color="red">{error}</Alert>}
              <TextInput label="Shortcut" description="Lowercase letters, digits, - and _" placeholder="thanks" leftSection="/" value={shortcut} onChange={(e) => setShortcut(e.currentTarget.value)} maw={320} />
              <Textarea label="Reply" placeholder="Thanks {{first_name|there}}! Your order ships today." autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
              <Group gap="xs">
                <Button type="submit" loading={save.isPending}>
                  {editing ? 'Save changes' : 'Add canned reply'}
                </Button>
                {editing && (
                  <Button variant="default" onClick={reset}>
                    Cancel
                  </Button>
                )}
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.isSuccess && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No canned replies yet.
        </Text>
      )}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="sm">
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.id} data-testid="canned-reply-row">
                    <Table.Td fw={600} style={{ whiteSpace: 'nowrap' }}>/{r.shortcut}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{r.body}</Table.Td>
                    {canEdit && (
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button size="compact-xs" variant="subtle" onClick={() => { setEditing(r); setShortcut(r.shortcut); setBody(r.body); setError(null); }}>
                            Edit
                          </Button>
                          <Button size="compact-xs" variant="subtle" color="red" aria-label={`Delete /${r.shortcut}`} loading={remove.isPending && remove.variables?.id === r.id} onClick={() => remove.mutate(r)}>
                            Delete
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
