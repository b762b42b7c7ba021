import { Alert, Badge, Button, Group, Loader, Menu, Paper, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { ApiError, errorMessage, post } from '../../../api';
import { useCustomFields } from '../../contacts/contactsApi';
import { useAudienceCount } from './AudienceStep';
import { audienceChosen, audienceOf, insertMergeField, MERGE_FIELDS, money, type Draft, type Preview, type Samples } from './draft';

export type SenderType = 'long_code' | 'toll_free' | 'short_code';

/**
 * The per-recipient preview: sample recipients of the audience plus its costliest one (server,
 * SQL over the whole audience), each rendered exactly as it goes out by POST /v1/messages/preview
 * (merge fields, sender identification, smart encoding), with encoding, segments and the cost estimate.
 */
export function useComposePreview(draft: Draft, senderType: SenderType) {
  const count = useAudienceCount(draft);
  const [key] = useDebouncedValue(JSON.stringify({ audience: audienceOf(draft), body: draft.body, smartEncoding: draft.smartEncoding }), 800);
  const input = JSON.parse(key) as { audience: ReturnType<typeof audienceOf>; body: string; smartEncoding: boolean };
  const eligible = count.data?.eligible ?? 0;
  return useQuery({
    queryKey: ['campaigns', 'compose-preview', input, senderType, eligible],
    enabled: !!input.body.trim(),
    placeholderData: (prev) => prev,
    retry: false,
    queryFn: async () => {
      const samples = audienceChosen(draft) ? await post<Samples>('/v1/campaigns/audience/samples', input) : { data: [], worstCase: null };
      const contactIds = [...new Set([...(samples.worstCase ? [samples.worstCase.contactId] : []), ...samples.data])];
      const preview = await post<Preview>('/v1/messages/preview', {
        body: input.body, smartEncoding: input.smartEncoding, mergeFields: true, senderType, recipients: Math.max(eligible, 1), ...(contactIds.length ? { contactIds } : {}),
      });
      return { samples, preview };
    },
  });
}

function MergeFieldPicker({ onPick }: { onPick: (key: string) => void }) {
  const fields = useCustomFields();
  return (
    <Menu shadow="md" position="bottom-start">
      <Menu.Target><Button size="xs" variant="light">Insert merge field</Button></Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Contact</Menu.Label>
        {MERGE_FIELDS.map((k) => <Menu.Item key={k} onClick={() => onPick(k)}>{`{{${k}}}`}</Menu.Item>)}
        {(fields.data?.data.length ?? 0) > 0 && <Menu.Label>Custom fields</Menu.Label>}
        {fields.data?.data.map((f) => <Menu.Item key={f.key} onClick={() => onPick(f.key)}>{`{{${f.key}}}`} — {f.label}</Menu.Item>)}
      </Menu.Dropdown>
    </Menu>
  );
}

export function PreviewPanel({ draft, senderType }: { draft: Draft; senderType: SenderType }) {
  const q = useComposePreview(draft, senderType);
  if (!draft.body.trim()) return <Text size="sm" c="dimmed">Write the message to see it as each recipient gets it.</Text>;
  if (q.isPending) return <Loader size={14} aria-label="Previewing" />;
  if (q.isError) {
    const worst = q.error instanceof ApiError ? (q.error.details.worst as { contactId?: string; segments?: number } | undefined) : undefined;
    return <Alert color="red" data-testid="composer-preview-error">{errorMessage(q.error)}{worst?.segments ? ` (${worst.segments} segments)` : ''}</Alert>;
  }
  const { preview, samples } = q.data;
  const compose = preview.compose!;
  const mms = draft.mediaUrls.length > 0;
  const worstId = samples.worstCase?.contactId;
  return (
    <Stack gap="sm" data-testid="composer-preview">
      {samples.worstCase?.problem && (
        <Alert color="red">For one recipient the text is {samples.worstCase.segments} segments ({samples.worstCase.encoding}): at most 10. Shorten it before launching.</Alert>
      )}
      {compose.samples.map((s, i) => (
        <Paper key={`${s.contactId ?? 'fallbacks'}-${i}`} withBorder p="sm" data-testid="composer-sample">
          <Group justify="space-between" mb={4}>
            <Text size="xs" c="dimmed">{s.contactId ? (s.contactId === worstId ? 'Longest recipient' : 'Sample recipient') : 'With every fallback'}{s.firstMessage ? ' · first text' : ''}</Text>
            <Group gap={4}>
              <Badge size="sm" variant="light" color={s.encoding === 'GSM-7' ? 'teal' : 'orange'}>{s.encoding}</Badge>
              <Badge size="sm" variant="light" data-testid="composer-sample-segments">{mms ? 'MMS' : `${s.segments} segment${s.segments === 1 ? '' : 's'}`}</Badge>
            </Group>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{s.text}</Text>
        </Paper>
      ))}
      <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)" data-testid="composer-estimate">
        <Text size="sm">
          {compose.estimate.recipients.toLocaleString()} texts × up to {mms ? 1 : compose.worst.segments} segment{!mms && compose.worst.segments !== 1 ? 's' : ''}:{' '}
          <b>{(mms ? compose.estimate.recipients : compose.estimate.segments).toLocaleString()} segments</b>, about <b data-testid="composer-cost">{money(compose.estimate.cost)}</b>
        </Text>
        <Text size="xs" c="dimmed">Estimated at the longest text's segments and list prices; the report shows the actual count.</Text>
      </Paper>
    </Stack>
  );
}

export function MessageStep({ draft, set, senderType }: { draft: Draft; set: (patch: Partial<Draft>) => void; senderType: SenderType }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const pick = (key: string) => {
    const r = insertMergeField(draft.body, key, ref.current?.selectionStart ?? null);
    set({ body: r.body });
    requestAnimationFrame(() => { ref.current?.focus(); ref.current?.setSelectionRange(r.cursor, r.cursor); });
  };
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Stack>
        <TextInput label="Campaign name" value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} required />
        <Group justify="space-between" align="flex-end">
          <Text size="sm" fw={500}>Message</Text>
          <MergeFieldPicker onPick={pick} />
        </Group>
        <Textarea ref={ref} aria-label="Message" value={draft.body} onChange={(e) => set({ body: e.currentTarget.value })} autosize minRows={4} maxRows={14}
          description="Merge fields like {{first_name|there}} are filled per recipient; the fallback after | is used when a contact has no value." />
        <Switch label="Smart encoding" description="Curly quotes, dashes, ellipses and odd spaces become plain look-alikes, so one stray character does not make the text UCS-2 (70 characters a segment)"
          checked={draft.smartEncoding} onChange={(e) => set({ smartEncoding: e.currentTarget.checked })} />
        <TagsInput label="Images (MMS)" description="Image URLs (JPEG, PNG, GIF; up to 10, 5 MB in all) sent with every text; the sending number must carry MMS" value={draft.mediaUrls}
          onChange={(mediaUrls) => set({ mediaUrls: mediaUrls.slice(0, 10) })} />
      </Stack>
      <Stack gap="xs">
        <Title order={5}>As recipients get it</Title>
        <PreviewPanel draft={draft} senderType={senderType} />
      </Stack>
    </SimpleGrid>
  );
}
