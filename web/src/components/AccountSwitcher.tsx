import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { errorMessage, post } from '../api';
import { onSignedIn, type AuthResponse } from '../auth';
import { ROLE_LABELS, type Me } from '../types';
import { ChevronDownIcon } from './icons';

/** The current account's name; a menu to act in another account when the person has several. */
export function AccountSwitcher({ me }: { me: Me }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const others = (me.memberships ?? []).filter((m) => m.accountId !== me.account.id);
  const switchTo = useMutation({
    mutationFn: (accountId: string) => post<AuthResponse>('/v1/auth/switch', { accountId }),
    onSuccess: async (res) => {
      // Nothing of the previous account may stay on screen: drop every cached query.
      await onSignedIn(qc, res);
      navigate('/', { replace: true });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  if (others.length === 0) {
    return (
      <Text fw={600} visibleFrom="md" data-testid="account-name" truncate maw={260}>
        {me.account.name}
      </Text>
    );
  }
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="dark"
          data-testid="account-switcher"
          loading={switchTo.isPending}
          maw={280}
          rightSection={<ChevronDownIcon size={16} />}
          aria-label={`Account: ${me.account.name}. Switch account`}
        >
          <Text fw={600} data-testid="account-name" truncate>
            {me.account.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Switch account</Menu.Label>
        {others.map((m) => (
          <Menu.Item key={m.accountId} data-testid="switch-account" onClick={() => switchTo.mutate(m.accountId)}>
            {m.accountName}{' '}
            <Text span size="xs" c="dimmed">
              ({ROLE_LABELS[m.role] ?? m.role})
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
