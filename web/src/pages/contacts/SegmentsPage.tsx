import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { del, errorMessage, get } from '../../api';
import { canEditContacts, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { PageHeader } from '../../components/PageHeader';
import type { CustomField, Segment } from './contactTypes';
import { SEGMENTS_KEY, useCustomFields, useSegments } from './contactsApi';
import { SegmentEditor } from './segments/SegmentEditor';
import { describe } from './segments/segmentModel';

function SegmentCount({ id }: { id: string }) {
  const count = useQuery({
    queryKey: [...SEGMENTS_KEY, id, 'count'],
    queryFn: () => get<{ count: number }>(`/v1/segments/${encodeURIComponent(id)}/count`),
  });
  if (count.isPending) return <Loader size={14} aria-label="Counting" />;
  if (count.isError) return <Text size="sm" c="red">—</Text>;
  return (
    <Badge variant="light" size="lg" data-testid="segment-list-count">
      {count.data.count.toLocaleString()}
    </Badge>
  );
}

function Summary({ s, fields }: { s: Segment; fields: CustomField[] }) {
  const parts = s.filter.conditions.map((c) => describe(c, fields));
  if (!parts.length) return <Text size="sm" c="dimmed">All contacts</Text>;
  return (
    <Text size="sm" c="dimmed" lineClamp={2}>
      {parts.join(s.filter.match === 'all' ? ' and ' : ' or ')}
    </Text>
  );
}

export function SegmentsPage() {
  const { user } = useSession();
  const editor = canEditContacts(user.role);
  const qc = useQueryClient();
  const segments = useSegments();
  const fields = useCustomFields();
  const [editing, setEditing] = useState<Segment | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const defs = fields.data?.data ?? [];

  const remove = useMutation({
    mutationFn: (s: Segment) => del(`/v1/segments/${encodeURIComponent(s.id)}`),
    onSuccess: () => {
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: SEGMENTS_KEY });
      notifications.show({ message: 'Segment deleted' });
    },
  });

  const rows = segments.data?.data ?? [];
  return (
    <>
      <Anchor component={Link} to="/contacts" size="sm" mb="xs" display="inline-block">
        ← All contacts
      </Anchor>
      <PageHeader
        title="Segments"
        description="Saved groups of contacts, kept up to date as contacts change. Use them to filter contacts and to target campaigns."
        actions={editor && editing === null && <Button onClick={() => setEditing('new')}>New segment</Button>}
      />
      <Stack>
        {editing !== null && fields.isSuccess && (
          <SegmentEditor key={editing === 'new' ? 'new' : editing.id} segment={editing === 'new' ? null : editing} fields={defs} onDone={() => setEditing(null)} />
        )}
        {segments.isPending && <Loader aria-label="Loading segments" />}
        {segments.isError && <Alert color="red">{errorMessage(segments.error)}</Alert>}
        {segments.isSuccess && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Contacts</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((s) => (
                    <Table.Tr key={s.id} data-testid="segment-row">
                      <Table.Td>
                        <Text fw={600} size="sm">
                          {s.name}
                        </Text>
                        <Summary s={s} fields={defs} />
                      </Table.Td>
                      <Table.Td>
                        <SegmentCount id={s.id} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="light" component={Link} to={`/contacts?segment=${encodeURIComponent(s.id)}`}>
                            View contacts
                          </Button>
                          {editor && (
                            <>
                              <Button size="xs" variant="subtle" onClick={() => setEditing(s)}>
                                Edit
                              </Button>
                              <Button size="xs" variant="subtle" color="red" onClick={() => {
                                  remove.reset();
                                  setDeleting(s);
                                }}>
                                Delete
                              </Button>
                            </>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {rows.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={3}>
                        <Text c="dimmed" ta="center" py="md">
                          No segments yet.{editor ? ' Create one to group contacts by tag, consent, custom field and more.' : ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
      <ConfirmModal
        opened={deleting !== null}
        title="Delete segment?"
        confirmLabel="Delete segment"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        “{deleting?.name}” will be deleted. Its contacts are not affected.
      </ConfirmModal>
    </>
  );
}
