import { Alert, Button, Group, MultiSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { get, post } from '../../api';
import { applyServerError, required } from '../../forms';
import { WEBHOOKS_KEY, type CreatedWebhookEndpoint } from './webhooksApi';

export const useEventTypes = () =>
  useQuery({ queryKey: ['webhook-event-types'], queryFn: () => get<{ data: string[] }>('/v1/webhook-endpoints/event-types'), staleTime: 10 * 60_000 });

export function CreateWebhookForm({ onCreated }: { onCreated: (e: CreatedWebhookEndpoint) => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const types = useEventTypes();
  const form = useForm({ mode: 'controlled', initialValues: { url: '', description: '', events: [] as string[] }, validate: { url: required('URL') } });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      post<CreatedWebhookEndpoint>('/v1/webhook-endpoints', { url: v.url.trim(), ...(v.description.trim() ? { description: v.description.trim() } : {}), ...(v.events.length ? { events: v.events } : {}) }),
    onSuccess: (e) => {
      form.reset();
      void qc.invalidateQueries({ queryKey: WEBHOOKS_KEY });
      onCreated(e);
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Paper withBorder p="lg">
      <form noValidate onSubmit={form.onSubmit((v) => { setError(null); create.mutate(v); })}>
        <Stack>
          <Stack gap={2}>
            <Title order={4}>Add a webhook endpoint</Title>
            <Text size="sm" c="dimmed">
              West Message posts events to your URL, signed per Standard Webhooks, and retries for about a day when your receiver fails.
            </Text>
          </Stack>
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label="Endpoint URL" placeholder="https://example.com/webhooks/west-message" {...form.getInputProps('url')} />
          <TextInput label="Description" placeholder="e.g. CRM sync" {...form.getInputProps('description')} />
          <MultiSelect
            label="Event types"
            description="Leave empty to receive every event type"
            placeholder={form.values.events.length ? undefined : 'All events'}
            data={types.data?.data ?? []}
            searchable
            clearable
            {...form.getInputProps('events')}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add endpoint
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
