import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { get } from '../api';
import type { Notice } from '../types';

export const NOTICES_KEY = ['notices'] as const;
const DISMISSED = 'wm.dismissedNotices';

function readDismissed(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(DISMISSED) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The in-app notices above every page (GET /v1/notices: new policy versions, business
 * transfers, …). Each can be dismissed; the dismissal is remembered in this browser by the
 * notice's id, and the server stops sending a notice at its `until` anyway.
 */
export function NoticeBanner() {
  const notices = useQuery({ queryKey: NOTICES_KEY, queryFn: () => get<{ data: Notice[] }>('/v1/notices'), staleTime: 5 * 60_000 });
  const [dismissed, setDismissed] = useState<string[]>(readDismissed);
  const shown = (notices.data?.data ?? []).filter((n) => !dismissed.includes(n.id));
  if (shown.length === 0) return null;

  const dismiss = (id: string) => {
    const next = [...dismissed, id].slice(-100);
    setDismissed(next);
    try {
      localStorage.setItem(DISMISSED, JSON.stringify(next));
    } catch {
      // Private mode: dismissed for this page view only.
    }
  };

  return (
    <Stack gap="xs" mb="md" data-testid="notices">
      {shown.map((n) => (
        <Alert
          key={n.id}
          color={n.kind === 'policy' ? 'blue' : 'yellow'}
          title={n.title}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => dismiss(n.id)}
          data-testid="notice"
        >
          <Text size="sm">
            {n.body}{' '}
            {n.href && (
              <Anchor component={Link} to={n.href} size="sm">
                Read it
              </Anchor>
            )}
          </Text>
        </Alert>
      ))}
    </Stack>
  );
}
