import { Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { errorMessage, post } from '../../api';
import type { BodyPreview } from './inboxTypes';

export function describePreview(p: BodyPreview): string {
  const encoding = p.encoding === 'UCS-2' ? 'UCS-2 (emoji/special characters)' : 'GSM-7';
  const segments = `${p.segments} segment${p.segments === 1 ? '' : 's'}`;
  return `${encoding} · ${segments} · ${p.remaining} left`;
}

/** The live "GSM-7 · 1 segment · 140 left" line under a message box, from the server's own counter. */
export function SegmentCounter({ body, smartEncoding, testId = 'segment-counter' }: { body: string; smartEncoding?: boolean; testId?: string }) {
  const [debounced] = useDebouncedValue(body, 150);
  const preview = useQuery({
    queryKey: ['message-preview', debounced, smartEncoding ?? false],
    queryFn: () => post<BodyPreview>('/v1/messages/preview', { body: debounced, ...(smartEncoding ? { smartEncoding: true } : {}) }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const p = preview.data;
  return (
    <Group gap={6} wrap="nowrap">
      {preview.isError ? (
        <Text size="xs" c="red">
          {errorMessage(preview.error)}
        </Text>
      ) : (
        <Text
          size="xs"
          c={p && p.segments > 1 ? 'orange.8' : 'dimmed'}
          data-testid={testId}
          data-encoding={p?.encoding ?? ''}
          data-segments={p?.segments ?? ''}
          aria-live="polite"
        >
          {p ? describePreview(p) : '…'}
        </Text>
      )}
      {(preview.isFetching || body !== debounced) && <Loader size={10} aria-label="Counting characters" />}
    </Group>
  );
}
