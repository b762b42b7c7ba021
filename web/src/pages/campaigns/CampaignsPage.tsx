import { Alert, Anchor, Badge, Button, Group, Loader, MultiSelect, Paper, Progress, Stack, Table, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { components } from '../../api-types.gen';
import { errorMessage, get, post } from '../../api';
import { canEditContacts, useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useSegments } from '../contacts/contactsApi';

type Campaign = components['schemas']['Campaign'];
type Summary = components['schemas']['CampaignSummary'];
type AudienceCount = components['schemas']['CampaignAudienceCount'];
type Audience = components['schemas']['CampaignAudience'];

const KEY = ['campaigns'] as const;
const STATUS_COLOR: Record<string, string> = { draft: 'gray', scheduled: 'blue', running: 'green', paused: 'yellow', completed: 'teal', canceled: 'red' };
const REASON_LABEL: Record<string, string> = {
  no_consent: 'No marketing consent', opted_out: 'Opted out', landline: 'Landline', invalid_phone: 'Invalid number', frequency_cap: 'Frequency cap',
};

/** Share of the campaign done: recipients written during fan-out, then texts in a final status. */
function percent(c: Summary): number {
  const p = c.progress;
  if (!p.audience) return c.status === 'completed' ? 100 : 0;
  if (!p.fannedOut) return Math.round((50 * p.materialised) / p.audience);
  return c.status === 'completed' ? 100 : 50 + Math.round((50 * p.finished) / Math.max(1, p.materialised));
}

function AudienceCountView({ audience }: { audience: Audience }) {
  const empty = !audience.segmentIds?.length && !audience.tags?.length;
  const count = useQuery({
    queryKey: [...KEY, 'count', audience],
    queryFn: () => post<AudienceCount>('/v1/campaigns/audience/count', { audience }),
    enabled: !empty,
  });
  if (empty) return <Text size="sm" c="dimmed">Choose segments or tags to see who will get the text.</Text>;
  if (count.isPending) return <Loader size={14} aria-label="Counting" />;
  if (count.isError) return <Text size="sm" c="red">{errorMessage(count.error)}</Text>;
  const skipped = Object.entries(count.data.skipped);
  return (
    <Stack gap={4} data-testid="campaign-audience-count">
      <Text size="sm"><b>{count.data.eligible.toLocaleString()}</b> will be texted of {count.data.matched.toLocaleString()} matched.</Text>
      {skipped.map(([reason, n]) => (
        <Text key={reason} size="xs" c="dimmed">{REASON_LABEL[reason] ?? reason}: {n.toLocaleString()} skipped</Text>
      ))}
    </Stack>
  );
}

function NewCampaign({ onDone }: { onDone: () => void }) {
  const qc = useQueryClient();
  const segments = useSegments();
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const [segmentIds, setSegmentIds] = useState<string[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const [audience, setAudience] = useState<Audience>({});
  useEffect(() => {
    const t = setTimeout(() => setAudience({ ...(segmentIds.length ? { segmentIds } : {}), ...(tags.length ? { tags } : {}) }), 300);
    return () => clearTimeout(t);
  }, [segmentIds, tags]);
  const create = useMutation({
    mutationFn: () => post<Campaign>('/v1/campaigns', { name, body, audience }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: KEY });
      notifications.show({ message: 'Draft saved' });
      onDone();
    },
  });
  return (
    <Paper withBorder p="md">
      <Stack>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <MultiSelect label="Segments" data={(segments.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))} value={segmentIds} onChange={setSegmentIds} searchable />
        <TagsInput label="Tags" description="Contacts with any of these tags" value={tags} onChange={setTags} />
        <AudienceCountView audience={audience} />
        <Textarea label="Message" description="Merge fields: {{first_name|there}}, {{last_name}}, or a custom field key" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} required />
        {create.isError && <Alert color="red">{errorMessage(create.error)}</Alert>}
        <Group>
          <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!name.trim() || !body.trim()}>Save draft</Button>
          <Button variant="default" onClick={onDone}>Cancel</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Actions({ c }: { c: Summary }) {
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: (action: 'launch' | 'pause' | 'resume' | 'cancel') => post<Campaign>(`/v1/campaigns/${encodeURIComponent(c.id)}/${action}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEY }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const btn = (action: 'launch' | 'pause' | 'resume' | 'cancel', label: string, color?: string) => (
    <Button size="xs" variant="light" color={color} loading={act.isPending && act.variables === action} onClick={() => act.mutate(action)}>{label}</Button>
  );
  return (
    <Group gap="xs">
      {c.status === 'draft' && btn('launch', 'Launch')}
      {(c.status === 'running' || c.status === 'scheduled') && btn('pause', 'Pause')}
      {c.status === 'paused' && btn('resume', 'Resume')}
      {!['completed', 'canceled'].includes(c.status) && btn('cancel', 'Cancel', 'red')}
    </Group>
  );
}

export function CampaignsPage() {
  const { user } = useSession();
  const editor = canEditContacts(user.role);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: KEY,
    queryFn: () => get<{ data: Summary[] }>('/v1/campaigns'),
    refetchInterval: (q) => (q.state.data?.data.some((c) => c.status === 'running') ? 3000 : false),
  });
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Text opted-in contacts of a segment or tag, in each one's waking hours. Everyone skipped is counted with the reason."
        actions={editor && !creating && <Button onClick={() => setCreating(true)}>New campaign</Button>}
      />
      <Stack>
        {creating && <NewCampaign onDone={() => setCreating(false)} />}
        {list.isPending && <Loader aria-label="Loading campaigns" />}
        {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
        {list.isSuccess && list.data.data.length === 0 && !creating && <Text c="dimmed">No campaigns yet.</Text>}
        {list.isSuccess && list.data.data.length > 0 && (
          <Paper withBorder>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Status</Table.Th><Table.Th w={220}>Progress</Table.Th><Table.Th /></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.data.map((c) => (
                  <Table.Tr key={c.id} data-testid="campaign-row">
                    <Table.Td><Anchor component={Link} to={`/campaigns/${encodeURIComponent(c.id)}`} fw={500}>{c.name}</Anchor><Text size="xs" c="dimmed" lineClamp={1}>{c.body}</Text></Table.Td>
                    <Table.Td><Badge color={STATUS_COLOR[c.status]} variant="light">{c.status}</Badge></Table.Td>
                    <Table.Td><Progress value={percent(c)} aria-label={`${c.name} progress`} /></Table.Td>
                    <Table.Td>{editor && <Actions c={c} />}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
    </>
  );
}
