import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../../api';
import { applyServerError, required } from '../../forms';
import type { ProviderConnection } from '../../types';
import { CredentialFields, SettingsFields } from './ConnectionFields';
import { CONNECTIONS_KEY, EMPTY_CONNECTION, KIND_LABELS, credentialsOf, settingsOf, type ConnectionValues, type Kind } from './connectionsApi';

export function CreateConnectionForm() {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<ConnectionValues>({ mode: 'controlled', initialValues: EMPTY_CONNECTION, validate: { name: required('Name') } });

  const create = useMutation({
    mutationFn: (v: ConnectionValues) =>
      post<ProviderConnection>('/v1/provider-connections', { kind: v.kind, name: v.name.trim(), credentials: credentialsOf(v), settings: settingsOf(v) }),
    onSuccess: (c) => {
      // Secrets leave the page as soon as they are saved.
      form.setValues({ ...EMPTY_CONNECTION, kind: form.getValues().kind });
      void qc.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      notifications.show({
        color: c.status === 'connected' ? 'green' : 'red',
        message: c.status === 'connected' ? `${c.name} is connected` : `${c.name} was saved, but its test failed: ${c.lastError ?? ''}`,
      });
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
            <Title order={4}>Connect a carrier</Title>
            <Text size="sm" c="dimmed">
              Connect the carrier account you already have. Credentials are encrypted and never shown again; the connection is tested when you save it.
            </Text>
          </Stack>
          {error && <Alert color="red">{error}</Alert>}
          <SegmentedControl
            aria-label="Carrier"
            data={(Object.keys(KIND_LABELS) as Kind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            {...form.getInputProps('kind')}
          />
          <TextInput label="Name" placeholder="e.g. Main Twilio account" {...form.getInputProps('name')} />
          <CredentialFields form={form} />
          <SettingsFields form={form} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Connect
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
