import { Alert, Button, Group, Paper, Select, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../../api';
import { applyServerError, required } from '../../forms';
import type { CustomField, FieldType } from '../contacts/contactTypes';
import { FIELDS_KEY } from '../contacts/contactsApi';

export const FIELD_TYPE_OPTIONS: { value: FieldType; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'date', label: 'Date' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'choice', label: 'Choice from a list' },
];

interface Values {
  label: string;
  type: FieldType;
  choices: string[];
}

export function CreateCustomFieldForm() {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { label: '', type: 'text', choices: [] },
    validate: {
      label: required('Label'),
      choices: (v, all) => (all.type === 'choice' && v.length === 0 ? 'Add at least one choice' : null),
    },
  });

  const create = useMutation({
    mutationFn: (v: Values) =>
      post<CustomField>('/v1/custom-fields', { label: v.label.trim(), type: v.type, ...(v.type === 'choice' ? { choices: v.choices } : {}) }),
    onSuccess: (f) => {
      form.reset();
      void qc.invalidateQueries({ queryKey: FIELDS_KEY });
      notifications.show({ color: 'green', message: `Field “${f.label}” added` });
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  return (
    <Paper withBorder p="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          create.mutate(v);
        })}
      >
        <Stack>
          <Stack gap={2}>
            <Title order={4}>Add a custom field</Title>
            <Text size="sm" c="dimmed">
              Keep extra details on each contact — a loyalty tier, a birthday, a store location — and use them in segments and
              imports.
            </Text>
          </Stack>
          {error && <Alert color="red">{error}</Alert>}
          <Group align="flex-start" grow wrap="wrap">
            <TextInput label="Label" placeholder="e.g. Loyalty tier" miw={220} {...form.getInputProps('label')} />
            <Select label="Type" data={FIELD_TYPE_OPTIONS} allowDeselect={false} miw={200} {...form.getInputProps('type')} />
          </Group>
          {form.values.type === 'choice' && (
            <TagsInput label="Choices" placeholder="Type a choice and press Enter" {...form.getInputProps('choices')} />
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add field
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
