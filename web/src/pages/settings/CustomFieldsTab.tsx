import { Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage } from '../../api';
import { canAdminContacts, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import type { CustomField } from '../contacts/contactTypes';
import { FIELDS_KEY, useCustomFields } from '../contacts/contactsApi';
import { CreateCustomFieldForm, FIELD_TYPE_OPTIONS } from './CreateCustomFieldForm';
import { EditCustomFieldModal } from './EditCustomFieldModal';

const typeLabel = (t: string) => FIELD_TYPE_OPTIONS.find((o) => o.value === t)?.label ?? t;

export function CustomFieldsTab() {
  const { user } = useSession();
  const admin = canAdminContacts(user.role);
  const qc = useQueryClient();
  const fields = useCustomFields();
  const [editing, setEditing] = useState<CustomField | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);

  const remove = useMutation({
    mutationFn: (f: CustomField) => del(`/v1/custom-fields/${encodeURIComponent(f.id)}`),
    onSuccess: () => {
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: FIELDS_KEY });
      notifications.show({ message: 'Field deleted' });
    },
  });

  const rows = fields.data?.data ?? [];
  return (
    <Stack gap="xl" maw={960}>
      {admin ? <CreateCustomFieldForm /> : <Alert color="gray">Only the owner or an admin can change custom fields.</Alert>}
      <Stack gap="sm">
        <Title order={4}>Custom fields</Title>
        {fields.isPending && <Loader size="sm" aria-label="Loading custom fields" />}
        {fields.isError && <Alert color="red">{errorMessage(fields.error)}</Alert>}
        {fields.isSuccess && rows.length === 0 && (
          <Text size="sm" c="dimmed">
            No custom fields yet.
          </Text>
        )}
        {rows.length > 0 && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Label</Table.Th>
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((f) => (
                    <Table.Tr key={f.id} data-testid="custom-field-row">
                      <Table.Td fw={500}>{f.label}</Table.Td>
                      <Table.Td>
                        <Code>{f.key}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{typeLabel(f.type)}</Text>
                        {f.type === 'choice' && (
                          <Group gap={4} mt={4}>
                            {f.choices.map((c) => (
                              <Badge key={c} size="sm" variant="outline" color="gray" tt="none">
                                {c}
                              </Badge>
                            ))}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {admin && (
                          <Group gap="xs" justify="flex-end" wrap="nowrap">
                            <Button size="xs" variant="subtle" onClick={() => setEditing(f)}>
                              {f.type === 'choice' ? 'Edit' : 'Rename'}
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              onClick={() => {
                                remove.reset();
                                setDeleting(f);
                              }}
                            >
                              Delete
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
      {editing && <EditCustomFieldModal field={editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={deleting !== null}
        title="Delete custom field?"
        confirmLabel="Delete field"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        “{deleting?.label}” will be removed from every contact, with its values. Segments that filter on it will see it as empty.
      </ConfirmModal>
    </Stack>
  );
}
