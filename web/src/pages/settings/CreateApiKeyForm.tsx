import { Alert, Button, Group, MultiSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { get, post } from '../../api';
import { applyServerError, required } from '../../forms';
import type { CreatedApiKey, Page, ScopeInfo } from '../../types';

export const API_KEYS_KEY = ['api-keys'] as const;

export function CreateApiKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const scopes = useQuery({
    queryKey: ['api-key-scopes'],
    queryFn: () => get<Page<ScopeInfo>>('/v1/api-keys/scopes'),
    staleTime: 10 * 60_000,
  });
  const descriptions = new Map((scopes.data?.data ?? []).map((s) => [s.scope, s.description]));

  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', scopes: [] as string[] },
    validate: { name: required('Name') },
  });

  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      post<CreatedApiKey>('/v1/api-keys', { name: v.name.trim(), ...(v.scopes.length ? { scopes: v.scopes } : {}) }),
    onSuccess: (key) => {
      form.reset();
      void qc.invalidateQueries({ queryKey: API_KEYS_KEY });
      onCreated(key);
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
            <Title order={4}>Create an API key</Title>
            <Text size="sm" c="dimmed">
              Use API keys to connect your own systems to West Message.
            </Text>
          </Stack>
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label="Name" placeholder="e.g. Website contact form" {...form.getInputProps('name')} />
          <MultiSelect
            label="Scopes"
            description="Leave empty for full access"
            placeholder={form.values.scopes.length ? undefined : 'Full access'}
            data={(scopes.data?.data ?? []).map((s) => ({ value: s.scope, label: s.scope }))}
            renderOption={({ option }) => (
              <Stack gap={0}>
                <Text size="sm">{option.value}</Text>
                {descriptions.get(option.value) && (
                  <Text size="xs" c="dimmed">
                    {descriptions.get(option.value)}
                  </Text>
                )}
              </Stack>
            )}
            searchable
            clearable
            disabled={scopes.isError}
            {...form.getInputProps('scopes')}
            error={form.errors.scopes ?? (scopes.isError ? 'Could not load the list of scopes' : undefined)}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create API key
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
