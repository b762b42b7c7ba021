import { Badge, Group, Text, type BadgeProps } from '@mantine/core';
import type { ConsentState, ImportStatus } from './contactTypes';
import { CONSENT_COLORS, CONSENT_LABELS, IMPORT_STATUS_COLORS, IMPORT_STATUS_LABELS } from './contactsApi';

export function ConsentBadge({ state, ...props }: BadgeProps & { state: ConsentState; 'data-testid'?: string }) {
  return (
    <Badge variant="light" color={CONSENT_COLORS[state] ?? 'gray'} data-state={state} {...props}>
      {CONSENT_LABELS[state] ?? state}
    </Badge>
  );
}

export function TagBadges({ tags, max = 4 }: { tags: string[]; max?: number }) {
  if (!tags.length) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  const shown = tags.slice(0, max);
  return (
    <Group gap={4}>
      {shown.map((t) => (
        <Badge key={t} variant="outline" color="gray" tt="none" radius="sm">
          {t}
        </Badge>
      ))}
      {tags.length > max && (
        <Text size="xs" c="dimmed" title={tags.slice(max).join(', ')}>
          +{tags.length - max}
        </Text>
      )}
    </Group>
  );
}

export function ImportStatusBadge({ status, ...props }: BadgeProps & { status: ImportStatus; 'data-testid'?: string }) {
  return (
    <Badge variant="light" color={IMPORT_STATUS_COLORS[status] ?? 'gray'} data-status={status} {...props}>
      {IMPORT_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}
