import { Badge, Button, Divider, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage, post } from '../api';
import { onSignedOut } from '../auth';
import { AccountSwitcher } from './AccountSwitcher';
import { AvailabilityToggle } from './AvailabilityToggle';
import { ROLE_COLORS, ROLE_LABELS, type Me } from '../types';

export function AppHeader({ me }: { me: Me }) {
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

  return (
    <Group gap="md" wrap="nowrap">
      <AccountSwitcher me={me} />
      <Divider orientation="vertical" visibleFrom="md" />
      <AvailabilityToggle me={me} />
      <Stack gap={0} align="flex-end" visibleFrom="xs">
        <Text size="sm" fw={500} data-testid="user-name">
          {me.user.name}
        </Text>
      </Stack>
      <Badge color={ROLE_COLORS[me.user.role] ?? 'gray'} variant="light" data-testid="user-role">
        {ROLE_LABELS[me.user.role] ?? me.user.role}
      </Badge>
      <Button variant="default" size="xs" onClick={() => logout.mutate()} loading={logout.isPending}>
        Sign out
      </Button>
    </Group>
  );
}
