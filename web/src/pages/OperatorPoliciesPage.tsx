import { Alert, Badge, Box, Button, Checkbox, Container, Group, Paper, SegmentedControl, Stack, Table, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, get, post } from '../api';
import { Brand } from '../components/Brand';
import { Markdown } from '../components/Markdown';
import { OperatorTokenForm, useOperatorToken } from '../components/OperatorToken';
import { formatDate } from '../policies';
import type { OperatorPolicy } from '../types';

const today = () => new Date().toISOString().slice(0, 10);

/** The operator publishes Terms / Privacy Policy versions (Markdown, "Last updated", material or not) and sees every version. */
export function OperatorPoliciesPage() {
  const qc = useQueryClient();
  const { token, save: saveToken, session, ready, auth } = useOperatorToken();
  const [kind, setKind] = useState<'privacy' | 'terms'>('privacy');
  const [version, setVersion] = useState('');
  const [lastUpdated, setLastUpdated] = useState(today);
  const [material, setMaterial] = useState(false);
  const [body, setBody] = useState('');

  const versions = useQuery({
    queryKey: ['operator-policies', token, session],
    queryFn: () => get<{ data: OperatorPolicy[] }>('/v1/operator/policies', { headers: auth, ignoreUnauthorized: true }),
    enabled: ready,
    retry: false,
  });
  const publish = useMutation({
    mutationFn: () =>
      post<OperatorPolicy>('/v1/operator/policies', { kind, lastUpdated, material, body, ...(version.trim() ? { version: version.trim() } : {}) }, { headers: auth, ignoreUnauthorized: true }),
    onSuccess: () => {
      setBody('');
      setVersion('');
      setMaterial(false);
      void qc.invalidateQueries({ queryKey: ['operator-policies'] });
    },
  });


  return (
    <Box className="wm-auth-bg">
      <Container size="lg" py="xl">
        <Group justify="space-between" mb="lg">
          <Brand to="/signin" />
          <Badge variant="light" color="gray">
            Operator
          </Badge>
        </Group>
        <Stack>
          <Stack gap={4}>
            <Title order={2} data-testid="page-title">
              Policy versions
            </Title>
            <Text c="dimmed" size="sm">
              A published version is current at once on /legal/terms or /legal/privacy; every user is emailed and sees a banner. A material
              change asks every user to accept it again at their next sign-in.
            </Text>
          </Stack>
          {!session && <OperatorTokenForm token={token} onSave={saveToken} submitLabel="Use token" />}
          {versions.isError && <Alert color="red">{errorMessage(versions.error)}</Alert>}

          {versions.isSuccess && (
            <>
              <Paper withBorder p="md">
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    publish.mutate();
                  }}
                >
                  <Stack>
                    <Title order={4}>Publish a new version</Title>
                    <SegmentedControl
                      value={kind}
                      onChange={(v) => setKind(v as 'privacy' | 'terms')}
                      data={[
                        { value: 'privacy', label: 'Privacy Policy' },
                        { value: 'terms', label: 'Terms of Service' },
                      ]}
                    />
                    <Group grow>
                      <TextInput label="Last updated" type="date" required value={lastUpdated} onChange={(e) => setLastUpdated(e.currentTarget.value)} />
                      <TextInput label="Version" description="Defaults to the date" value={version} onChange={(e) => setVersion(e.currentTarget.value)} />
                    </Group>
                    <Checkbox
                      label="Material change: every user accepts it again at their next sign-in"
                      checked={material}
                      onChange={(e) => setMaterial(e.currentTarget.checked)}
                    />
                    <Tabs defaultValue="write">
                      <Tabs.List>
                        <Tabs.Tab value="write">Markdown</Tabs.Tab>
                        <Tabs.Tab value="preview">Preview</Tabs.Tab>
                      </Tabs.List>
                      <Tabs.Panel value="write" pt="xs">
                        <Textarea aria-label="Text (Markdown)" autosize minRows={10} maxRows={30} required value={body} onChange={(e) => setBody(e.currentTarget.value)} />
                      </Tabs.Panel>
                      <Tabs.Panel value="preview" pt="xs">
                        <Paper withBorder p="md">
                          <Markdown>{body || '_Nothing written yet._'}</Markdown>
                        </Paper>
                      </Tabs.Panel>
                    </Tabs>
                    {publish.isError && <Alert color="red">{errorMessage(publish.error)}</Alert>}
                    {publish.isSuccess && (
                      <Alert color="green">
                        Published {publish.data.title} version {publish.data.version}. Users are being emailed.
                      </Alert>
                    )}
                    <Group>
                      <Button type="submit" loading={publish.isPending} disabled={!body.trim()}>
                        Publish
                      </Button>
                    </Group>
                  </Stack>
                </form>
              </Paper>

              <Paper withBorder>
                <Table verticalSpacing="sm" data-testid="policy-versions">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Document</Table.Th>
                      <Table.Th>Version</Table.Th>
                      <Table.Th>Last updated</Table.Th>
                      <Table.Th>Published</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {versions.data.data.map((d) => (
                      <Table.Tr key={d.id}>
                        <Table.Td>{d.title}</Table.Td>
                        <Table.Td>{d.version}</Table.Td>
                        <Table.Td>{formatDate(d.lastUpdated)}</Table.Td>
                        <Table.Td>{formatDate(d.publishedAt, true)}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {d.current && <Badge variant="light">current</Badge>}
                            {d.material && (
                              <Badge variant="light" color="orange">
                                material
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            </>
          )}
        </Stack>
      </Container>
    </Box>
  );
}
