import { Alert, Anchor, Badge, Button, Code, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, getAll } from '../../api';
import { canAdminContacts, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatDate } from '../../policies';
import type { ApiKey, CreatedApiKey } from '../../types';
import { API_KEYS_KEY, CreateApiKeyForm } from './CreateApiKeyForm';
import { NewKeyModal } from './NewKeyModal';
import { TwilioCompatCard } from './TwilioCompatCard';

function ScopeList({ scopes }: { scopes: string[] }) {
  if (!scopes.length) return <Badge variant="light">Full access</Badge>;
  return (
    <Group gap={4}>
      {scopes.map((s) => (
        <Badge key={s} variant="outline" color="gray" tt="none">
          {s}
        </Badge>
      ))}
    </Group>
  );
}

/** The API reference the server serves from its OpenAPI document (a page of the server, not of this app). */
function ApiReferenceLink() {
  return (
    <Text size="sm">
      Developers: every endpoint, parameter and answer is described in the{' '}
      <Anchor href="/reference/" target="_blank" rel="noopener" data-testid="api-reference-link">
        API reference
      </Anchor>{' '}
      (also as an OpenAPI document: <Anchor href="/v1/openapi.json" target="_blank" rel="noopener">/v1/openapi.json</Anchor>).
    </Text>
  );
}

export function ApiKeysTab() {
  const qc = useQueryClient();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  // API keys are managed by owners and admins (the API answers 403 to anyone else): others see why, not a form that fails.
  const admin = canAdminContacts(useSession().user.role);
  const keys = useQuery({ queryKey: API_KEYS_KEY, queryFn: () => getAll<ApiKey>('/v1/api-keys'), enabled: admin });

  const revoke = useMutation({
    mutationFn: (id: string) => del(`/v1/api-keys/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setRevoking(null);
      void qc.invalidateQueries({ queryKey: API_KEYS_KEY });
      notifications.show({ message: 'API key revoked' });
    },
  });

  const rows = keys.data?.data ?? [];
  if (!admin) {
    return (
      <Stack gap="md" maw={640}>
        <Alert color="gray" title="API keys are managed by owners and admins" data-testid="api-keys-admin-only">
          Your role cannot create or revoke API keys. Ask an owner or admin of this account if you need one.
        </Alert>
        <ApiReferenceLink />
      </Stack>
    );
  }
  return (
    <Stack gap="xl" maw={960}>
      <ApiReferenceLink />
      <CreateApiKeyForm onCreated={setCreated} />
      <Stack gap="sm">
        <Title order={4}>API keys</Title>
        {keys.isPending && <Loader size="sm" aria-label="Loading API keys" />}
        {keys.isError && <Alert color="red">{errorMessage(keys.error)}</Alert>}
        {keys.isSuccess && rows.length === 0 && (
          <Text size="sm" c="dimmed">
            No API keys yet.
          </Text>
        )}
        {rows.length > 0 && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Scopes</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((k) => (
                    <Table.Tr key={k.id} data-testid="api-key-row" style={k.revokedAt ? { opacity: 0.6 } : undefined}>
                      <Table.Td fw={500}>{k.name}</Table.Td>
                      <Table.Td>
                        <Code>{k.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>
                        <ScopeList scopes={k.scopes} />
                      </Table.Td>
                      <Table.Td>{formatDate(k.createdAt)}</Table.Td>
                      <Table.Td>{k.lastUsedAt ? `${formatDate(k.lastUsedAt, true)}${k.lastUsedIp ? ` from ${k.lastUsedIp}` : ''}` : 'Never'}</Table.Td>
                      <Table.Td ta="right">
                        {k.revokedAt ? (
                          <Badge color="red" variant="light">
                            Revoked
                          </Badge>
                        ) : (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => {
                              revoke.reset();
                              setRevoking(k);
                            }}
                          >
                            Revoke
                          </Button>
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

      <TwilioCompatCard />

      <NewKeyModal created={created} onClose={() => setCreated(null)} />
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke API key?"
        confirmLabel="Revoke"
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => setRevoking(null)}
      >
        Anything using “{revoking?.name}” will stop working immediately. This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}
