import { Badge, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { LinkifiedText } from '../../components/LinkifiedText';
import type { InquiryMessage } from './helpApi';

/** An image fetched with headers (the operator's bearer token) shown from a blob URL. */
function AuthorizedImage({ url, headers, alt }: { url: string; headers?: Record<string, string>; alt: string }) {
  const [src, setSrc] = useState<string | null>(headers ? null : url);
  useEffect(() => {
    if (!headers) return;
    let revoked: string | null = null;
    void fetch(url, { headers, credentials: 'same-origin' }).then(async (r) => {
      if (!r.ok) return;
      revoked = URL.createObjectURL(await r.blob());
      setSrc(revoked);
    });
    return () => {
      if (revoked) URL.revokeObjectURL(revoked);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url]);
  return src ? <Image src={src} alt={alt} maw={320} radius="sm" /> : null;
}

/** The messages of an inquiry, oldest first: the writer's and the support team's. */
export function InquiryThreadView({ messages, imageHeaders }: { messages: InquiryMessage[]; imageHeaders?: Record<string, string> }) {
  return (
    <Stack gap="sm" data-testid="inquiry-thread">
      {messages.map((m, i) => (
        <Paper key={i} withBorder p="sm" bg={m.author === 'operator' ? 'var(--mantine-color-blue-0)' : undefined} data-testid={`inquiry-message-${m.author}`}>
          <Group justify="space-between" mb={4} wrap="wrap">
            <Group gap="xs">
              <Text fw={600} size="sm">
                {m.authorName ?? (m.author === 'operator' ? 'Support team' : 'You')}
              </Text>
              {m.author === 'operator' && (
                <Badge size="xs" variant="light">
                  Support
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {new Date(m.createdAt).toLocaleString()}
            </Text>
          </Group>
          <LinkifiedText text={m.body} size="sm" style={{ overflowWrap: 'anywhere' }} />
          {m.screenshots.map((s) => (
            <AuthorizedImage key={s.id} url={s.url} headers={imageHeaders} alt={s.filename ?? 'Screenshot'} />
          ))}
        </Paper>
      ))}
    </Stack>
  );
}
