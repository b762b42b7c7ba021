import { Alert, Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { get } from '../api';
import { NOTICES_KEY, type AccountNotices } from '../trust-safety';

/**
 * A trust & safety notice above every page: while the account is warned, throttled or suspended
 * (or a notice is unread), its latest notice and a link to the notices and appeals page.
 */
export function EnforcementBanner() {
  const q = useQuery({ queryKey: NOTICES_KEY, queryFn: () => get<AccountNotices>('/v1/account/notices'), staleTime: 60_000 });
  const latest = q.data?.data[0];
  if (!q.data || !latest || (q.data.state === 'active' && latest.acknowledgedAt)) return null;
  const color = q.data.state === 'suspended' || q.data.state === 'terminated' ? 'red' : q.data.state === 'active' ? 'blue' : 'orange';
  return (
    <Alert color={color} mb="md" title={latest.title} data-testid="enforcement-banner">
      <Text size="sm">{latest.body}</Text>
      <Anchor component={Link} to="/account/notices" size="sm">Notices and appeals</Anchor>
    </Alert>
  );
}
