import { AppShell, Box, Burger, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { useMe } from '../auth';
import { AppHeader, DrawerAccountPanel } from './AppHeader';
import { Brand } from './Brand';
import { LogoMark } from './icons';
import { FullPageError, FullPageLoader } from './FullPage';
import { AccountDeletionBanner } from './AccountDeletionBanner';
import { MainNav } from './MainNav';
import { NoticeBanner } from './NoticeBanner';
import { EnforcementBanner } from './EnforcementBanner';
import { PolicyAcceptancePage } from '../pages/PolicyAcceptancePage';

/** The signed-in shell: header, left navigation, page outlet. Redirects to /signin without a session. */
export function AppLayout() {
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <FullPageError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  // A material policy change waits for this person's acceptance: nothing else until then.
  if (me.data.policyAcceptanceRequired) return <PolicyAcceptancePage />;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" data-testid="nav-burger" />
            <Box visibleFrom="sm">
              <Brand to="/inbox" />
            </Box>
            <Box hiddenFrom="sm" component={Link} to="/inbox" aria-label="West Message home" style={{ display: 'inline-flex' }}>
              <LogoMark />
            </Box>
          </Group>
          <AppHeader me={me.data} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <MainNav role={me.data.user.role} onNavigate={close} partner={me.data.account.kind === 'partner'} viaPartner={!!me.data.partner} />
        <DrawerAccountPanel me={me.data} />
      </AppShell.Navbar>
      <AppShell.Main>
        <AccountDeletionBanner />
        <NoticeBanner />
        <EnforcementBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
