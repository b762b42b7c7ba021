import { Anchor, Badge, Blockquote, Group, Stack, Text, Timeline } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatDate } from '../../../policies';
import type { ConsentEvent } from '../contactTypes';
import { SOURCE_LABELS } from '../contactsApi';

function Evidence({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
      <Text span size="xs" fw={600} c="dark.4">
        {label}:
      </Text>{' '}
      {children}
    </Text>
  );
}

/** Who recorded it; an import's runner is shown as the import rather than its internal name. */
const recorder = (e: ConsentEvent) => (e.source === 'import' && /^import\s/.test(e.recordedBy ?? '') ? 'a CSV import' : e.recordedBy);

function ConsentEventItem({ event }: { event: ConsentEvent }) {
  const ev = event.evidence ?? {};
  const optIn = event.kind === 'opt_in';
  return (
    <Stack gap={4} data-testid="consent-event" data-kind={event.kind} data-source={event.source}>
      <Group gap="xs">
        <Text size="sm" fw={600} c={optIn ? 'green.8' : 'red.8'}>
          {optIn ? 'Opted in' : 'Opted out'}
        </Text>
        <Badge size="sm" variant="outline" color="gray" tt="none" data-testid="consent-source">
          {SOURCE_LABELS[event.source] ?? event.source}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {formatDate(event.occurredAt, true)}
        {event.recordedBy ? ` · recorded by ${recorder(event)}` : ''}
      </Text>
      {ev.wording && (
        <Blockquote p="xs" mt={4} color={optIn ? 'green' : 'gray'} fz="sm" data-testid="consent-wording">
          {ev.wording}
        </Blockquote>
      )}
      {ev.note && <Evidence label="Note">{ev.note}</Evidence>}
      {ev.url && (
        <Evidence label="Page">
          <Anchor href={ev.url} size="xs" target="_blank" rel="noreferrer">
            {ev.url}
          </Anchor>
        </Evidence>
      )}
      {ev.importId && (
        <Evidence label="Import">
          {String(ev.importId).startsWith('imp_') ? (
            <Anchor component={Link} to={`/contacts/import?id=${encodeURIComponent(ev.importId)}`} size="xs">
              {ev.importId}
            </Anchor>
          ) : (
            <span data-testid="consent-import-id">{ev.importId}</span>
          )}
        </Evidence>
      )}
      {typeof ev.embeddedIn === 'string' && <Evidence label="Embedded in">{ev.embeddedIn}</Evidence>}
      {ev.keyword && <Evidence label="Keyword">{ev.keyword}</Evidence>}
      {ev.formVersion !== undefined && <Evidence label="Form version">{String(ev.formVersion)}</Evidence>}
      {ev.confirmedBy && <Evidence label="Confirmed by">{ev.confirmedBy === 'code' ? 'code texted to the phone' : 'reply Y'}</Evidence>}
      {ev.ip && <Evidence label="IP address">{ev.ip}</Evidence>}
      {ev.userAgent && <Evidence label="Browser">{ev.userAgent}</Evidence>}
    </Stack>
  );
}

/** Every consent event of a contact, oldest first, with its evidence. */
export function ConsentTimeline({ events }: { events: ConsentEvent[] }) {
  if (!events.length) {
    return (
      <Text size="sm" c="dimmed" data-testid="consent-empty">
        No consent recorded yet. Record an opt-in when this person agrees to receive texts.
      </Text>
    );
  }
  return (
    <Timeline bulletSize={14} lineWidth={2} active={events.length - 1} color="gray">
      {events.map((e) => (
        <Timeline.Item key={e.id} color={e.kind === 'opt_in' ? 'green' : 'red'} lineVariant="solid">
          <ConsentEventItem event={e} />
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
