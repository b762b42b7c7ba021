import { AppShell, Badge, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { post } from '../api';
import { OPERATOR_ME_KEY, ROLE_LABELS, opts, useOperatorMe } from '../operator';
import { Brand } from './Brand';
import { FullPageError, FullPageLoader } from './FullPage';

/** The console's navigation; other console pages add their entry here. */
export const OPERATOR_NAV: Array<{ to: string; label: string; adminOnly?: boolean }> = [
  { to: '/operator/accounts', label: 'Accounts' },
  { to: '/operator/reviews', label: 'Review queue' },
  { to: '/operator/audit', label: 'Audit log' },
  { to: '/operator/operators', label: 'Operators', adminOnly: true },
  { to: '/operator/price-book', label: 'Price book' },
  { to: '/operator/outbox', label: 'Email outbox' },
  { to: '/operator/policies', label: 'Policies' },
  { to: '/operator/inquiries', label: 'Inquiries' },
];

/** Pages that still take the operator token (OPERATOR_TOKEN) when nobody is signed in as an operator. */
const TOKEN_FALLBACK = ['/operator/outbox', '/operator/policies', '/operator/inquiries'];

/** The operator console shell: its own header and navigation; /operator/signin without an operator session. */
export function OperatorLayout() {
  const me = useOperatorMe();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <FullPageError error={me.error} onRetry={() => void me.refetch()} />;
  const signedIn = me.data?.via === 'session' ? me.data : null;
  if (!signedIn) {
    if (TOKEN_FALLBACK.includes(location.pathname)) return <Outlet />;
    return <Navigate to="/operator/signin" replace state={{ from: location.pathname }} />;
  }
  const signOut = async () => {
    await post('/v1/operator/signout', {}, opts()).catch(() => undefined);
    qc.clear();
    navigate('/operator/signin', { replace: true });
  };
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm">
            <Brand to="/operator/accounts" />
            <Badge variant="filled" color="dark">
              Operator console
            </Badge>
          </Group>
          <Group gap="sm">
            <Text size="sm" data-testid="operator-name">
              {signedIn.operator?.name}
            </Text>
            <Badge variant="light">{ROLE_LABELS[signedIn.role]}</Badge>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Operator navigation">
        <Stack gap={2}>
          {OPERATOR_NAV.filter((n) => !n.adminOnly || signedIn.role === 'admin').map((n) => (
            <NavLink key={n.to} component={Link} to={n.to} label={n.label} active={location.pathname.startsWith(n.to)} />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
