import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { patch } from '../../api';
import { applyServerError } from '../../forms';
import type { ProviderConnection } from '../../types';
import { CredentialFields } from './ConnectionFields';
import { CONNECTIONS_KEY, EMPTY_CONNECTION, credentialsOf, type ConnectionValues } from './connectionsApi';

/** New credentials replace the stored ones; the connection is tested again. */
export function RotateCredentialsModal({ connection, onClose }: { connection: ProviderConnection | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<ConnectionValues>({ mode: 'controlled', initialValues: EMPTY_CONNECTION });
  useEffect(() => {
    if (connection) form.setValues({ ...EMPTY_CONNECTION, kind: connection.kind });
    setError(null);
  }, [connection?.id]);

  const rotate = useMutation({
    mutationFn: (v: ConnectionValues) => patch<ProviderConnection>(`/v1/provider-connections/${encodeURIComponent(connection!.id)}`, { credentials: credentialsOf(v) }),
    onSuccess: () => {
      form.setValues(EMPTY_CONNECTION);
      void qc.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  return (
    <Modal opened={connection !== null} onClose={onClose} title={<Text fw={600}>Rotate credentials of {connection?.name}</Text>} centered>
      <form noValidate onSubmit={form.onSubmit((v) => rotate.mutate(v))}>
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <CredentialFields form={form} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={rotate.isPending}>
              Save and test
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
