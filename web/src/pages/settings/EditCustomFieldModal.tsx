import { Alert, Button, Group, Modal, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch } from '../../api';
import { applyServerError, required } from '../../forms';
import type { CustomField } from '../contacts/contactTypes';
import { FIELDS_KEY } from '../contacts/contactsApi';

/** Rename a field (its key stays, so imports and segments keep working); edit a choice field's list. */
export function EditCustomFieldModal({ field, onClose }: { field: CustomField; onClose: () => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { label: field.label, choices: field.choices },
    validate: { label: required('Label') },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      patch<CustomField>(`/v1/custom-fields/${encodeURIComponent(field.id)}`, {
        label: v.label.trim(),
        ...(field.type === 'choice' ? { choices: v.choices } : {}),
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: FIELDS_KEY });
      notifications.show({ color: 'green', message: 'Field saved' });
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Edit field</Text>} centered>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label="Label" data-autofocus {...form.getInputProps('label')} />
          <Text size="xs" c="dimmed">
            The key <code>{field.key}</code> does not change.
          </Text>
          {field.type === 'choice' && <TagsInput label="Choices" {...form.getInputProps('choices')} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
