import { Alert, Loader, MultiSelect, NumberInput, Paper, SimpleGrid, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, get, post } from '../../../api';
import type { Page } from '../../../types';
import { useSegments } from '../../contacts/contactsApi';
import { audienceChosen, audienceOf, REASON_LABEL, type AudienceCount, type Draft } from './draft';

interface ImportRow { id: string; filename?: string | null; createdAt: string; status: string }

/** The live count of an audience: eligible contacts and the skipped ones by reason (nothing written). */
export function useAudienceCount(draft: Draft) {
  const [key] = useDebouncedValue(JSON.stringify(audienceOf(draft)), 300);
  const audience = JSON.parse(key) as ReturnType<typeof audienceOf>;
  const chosen = audienceChosen(draft);
  return useQuery({
    queryKey: ['campaigns', 'audience-count', audience],
    queryFn: () => post<AudienceCount>('/v1/campaigns/audience/count', { audience }),
    enabled: chosen,
    placeholderData: (prev) => prev,
  });
}

export function AudienceCountView({ draft }: { draft: Draft }) {
  const count = useAudienceCount(draft);
  if (!audienceChosen(draft)) return <Text size="sm" c="dimmed">Choose segments, tags or imports to see who will get the text.</Text>;
  if (count.isPending) return <Loader size={14} aria-label="Counting" />;
  if (count.isError) return <Alert color="red">{errorMessage(count.error)}</Alert>;
  const skipped = Object.entries(count.data.skipped);
  return (
    <Stack gap={4} data-testid="campaign-audience-count">
      <Text size="sm"><b data-testid="composer-eligible">{count.data.eligible.toLocaleString()}</b> will be texted of {count.data.matched.toLocaleString()} matched.</Text>
      {skipped.map(([reason, n]) => (
        <Text key={reason} size="xs" c="dimmed">{REASON_LABEL[reason] ?? reason}: {n.toLocaleString()} skipped</Text>
      ))}
    </Stack>
  );
}

export function AudienceStep({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const segments = useSegments();
  const imports = useQuery({ queryKey: ['imports', 'list'], queryFn: () => get<Page<ImportRow>>('/v1/imports') });
  const segmentOptions = (segments.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const importOptions = (imports.data?.data ?? []).map((i) => ({ value: i.id, label: `${i.filename ?? i.id} — ${new Date(i.createdAt).toLocaleDateString()}` }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Stack>
        <Title order={4}>Who gets it</Title>
        <MultiSelect label="Segments" data={segmentOptions} value={draft.segmentIds} onChange={(segmentIds) => set({ segmentIds })} searchable clearable />
        <TagsInput label="Tags" description="Contacts with any of these tags" value={draft.tags} onChange={(tags) => set({ tags })} />
        <MultiSelect label="Imports" description="Contacts of these uploaded lists" data={importOptions} value={draft.importIds} onChange={(importIds) => set({ importIds })} searchable clearable />
        <Title order={4} mt="sm">Leave out</Title>
        <MultiSelect label="Segments to exclude" data={segmentOptions} value={draft.excludeSegmentIds} onChange={(excludeSegmentIds) => set({ excludeSegmentIds })} searchable clearable />
        <TagsInput label="Tags to exclude" value={draft.excludeTags} onChange={(excludeTags) => set({ excludeTags })} />
        <NumberInput label="Contacted in the last N days" description="Leave out contacts texted (either way) recently" min={1} max={365} allowDecimal={false}
          value={draft.contactedWithinDays ?? ''} onChange={(v) => set({ contactedWithinDays: typeof v === 'number' ? v : null })} />
      </Stack>
      <Paper withBorder p="md" h="fit-content">
        <Stack gap="xs">
          <Title order={5}>Recipients</Title>
          <AudienceCountView draft={draft} />
          <Text size="xs" c="dimmed">Only contacts who opted in to marketing are texted; each skipped contact is listed with its reason in the report.</Text>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
