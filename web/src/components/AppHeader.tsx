import { ActionIcon, Badge, Box, Button, Divider, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, errorMessage, post } from '../api';
import { onSignedOut } from '../auth';
import { AccountSwitcher } from './AccountSwitcher';
import { NotificationBell } from './NotificationBell';
import { AvailabilityToggle } from './AvailabilityToggle';
import { HelpIcon } from './icons';
import { useOnline } from './useOnline';
import { ROLE_COLORS, ROLE_LABELS, type Me } from '../types';

/** Signs out and goes to the sign-in page (the header's button, and the drawer's at phone width). */
export function useSignOut() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: () => post<void>('/v1/auth/logout', undefined, { ignoreUnauthorized: true }),
    onSettled: (_d, e) => {
      if (e && !(e instanceof ApiError && e.status === 401)) notifications.show({ color: 'red', message: errorMessage(e) });
      onSignedOut(qc);
      navigate('/signin', { replace: true });
    },
  });
  return logout;
}

/**
 * The right side of the header. At phone width only the account stays here (it shrinks and
 * truncates); the person, role, help and sign-out live in the navigation drawer (AppLayout).
 */
export function AppHeader({ me }: { me: Me }) {
  const logout = useSignOut();
  const online = useOnline();

  return (
    <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
      {!online && (
        <Badge color="red" variant="filled" data-testid="offline-badge" style={{ flexShrink: 0 }}>
          Offline
        </Badge>
      )}
      <Box style={{ minWidth: 0, maxWidth: '100%' }} data-testid="header-account">
        <AccountSwitcher me={me} />
      </Box>
      <Divider orientation="vertical" visibleFrom="md" />
      <AvailabilityToggle me={me} />
      <Stack gap={0} align="flex-end" visibleFrom="xs">
        <Text size="sm" fw={500} data-testid="user-name">
          {me.user.name}
        </Text>
      </Stack>
      <NotificationBell />
      <Tooltip label="Help & feedback">
        <ActionIcon component={Link} to="/help" variant="subtle" color="gray" aria-label="Help & feedback" visibleFrom="sm" data-testid="help-link">
          <HelpIcon />
        </ActionIcon>
      </Tooltip>
      <Badge color={ROLE_COLORS[me.user.role] ?? 'gray'} variant="light" data-testid="user-role" visibleFrom="sm">
        {ROLE_LABELS[me.user.role] ?? me.user.role}
      </Badge>
      <Button variant="default" size="xs" onClick={() => logout.mutate()} loading={logout.isPending} visibleFrom="sm">
        Sign out
      </Button>
    </Group>
  );
}

/** The person, role and sign-out at the foot of the navigation drawer, at phone width only. */
export function DrawerAccountPanel({ me }: { me: Me }) {
  const logout = useSignOut();
  return (
    <Stack gap="xs" hiddenFrom="sm" mt="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-testid="drawer-account">
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" fw={500} truncate>
          {me.user.name}
        </Text>
        <Badge color={ROLE_COLORS[me.user.role] ?? 'gray'} variant="light">
          {ROLE_LABELS[me.user.role] ?? me.user.role}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" truncate>
        {me.account.name}
      </Text>
      <Button variant="default" size="xs" onClick={() => logout.mutate()} loading={logout.isPending}>
        Sign out
      </Button>
    </Stack>
  );
}
