import { Anchor, Image, Stack, Text } from '@mantine/core';
import type { MessageMedia } from './inboxTypes';

const INLINE = ['image/jpeg', 'image/png', 'image/gif'];

const sizeLabel = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** The files of an MMS: pictures inline (opening full size), other files as links, unfetchable ones named. */
export function MessageMediaList({ media, outbound }: { media: MessageMedia[]; outbound: boolean }) {
  if (!media.length) return null;
  return (
    <Stack gap={6} data-testid="message-media">
      {media.map((m, i) => {
        if (!m.url) {
          return (
            <Text key={i} size="xs" c={outbound ? 'white' : 'dimmed'} fs="italic" data-testid="message-media-missing">
              A file ({m.contentType}) could not be fetched{m.error ? ` (${m.error.replace(/_/g, ' ')})` : ''}.
            </Text>
          );
        }
        if (INLINE.includes(m.contentType)) {
          return (
            <Anchor key={m.id ?? i} href={m.url} target="_blank" rel="noopener noreferrer">
              <Image src={m.url} alt={`Picture ${i + 1}`} maw={240} mah={320} fit="contain" radius="sm" data-testid="message-image" />
            </Anchor>
          );
        }
        return (
          <Anchor key={m.id ?? i} href={m.url} size="sm" c={outbound ? 'white' : undefined} underline="always" data-testid="message-attachment">
            Attachment: {m.contentType}, {sizeLabel(m.size)}
          </Anchor>
        );
      })}
    </Stack>
  );
}
