import { Paper, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';

/** `disabled`: shown with its `note` (why), and cannot be picked. */
export interface Suggestion { key: string; title: string; detail?: ReactNode; disabled?: boolean; note?: ReactNode }

/**
 * The list that opens above the composer ("/" canned replies, "@" members). The textarea keeps
 * the focus and drives it with ↑ ↓ Enter Esc; a click picks too.
 */
export function SuggestionList({ items, active, onPick, label, empty, testId }: {
  items: Suggestion[]; active: number; onPick: (index: number) => void; label: string; empty: string; testId: string;
}) {
  return (
    <Paper withBorder shadow="sm" p={4} data-testid={testId} role="listbox" aria-label={label}>
      <ScrollArea.Autosize mah={220}>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" p="xs">
            {empty}
          </Text>
        ) : (
          <Stack gap={2}>
            {items.map((it, i) => (
              <UnstyledButton
                key={it.key}
                role="option"
                aria-selected={i === active}
                aria-disabled={it.disabled || undefined}
                data-testid={`${testId}-item`}
                onMouseDown={(e) => e.preventDefault() /* keep the textarea's focus */}
                onClick={() => !it.disabled && onPick(i)}
                px="xs"
                py={6}
                style={{ borderRadius: 4, background: i === active ? 'var(--mantine-color-west-0, var(--mantine-color-blue-0))' : undefined, opacity: it.disabled ? 0.6 : undefined, cursor: it.disabled ? 'not-allowed' : undefined }}
              >
                <Text size="sm" fw={600}>
                  {it.title}
                </Text>
                {it.detail && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {it.detail}
                  </Text>
                )}
                {it.note && (
                  <Text size="xs" c="orange.8" data-testid={`${testId}-note`}>
                    {it.note}
                  </Text>
                )}
              </UnstyledButton>
            ))}
          </Stack>
        )}
      </ScrollArea.Autosize>
    </Paper>
  );
}
