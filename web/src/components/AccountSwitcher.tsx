import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ME_KEY } from '../auth';
import { usePartnerClients } from '../pages/partners/partnersApi';
import { useNavigate } from 'react-router-dom';
import { errorMessage, post } from '../api';
import { onSignedIn, type AuthResponse } from '../auth';
import { ROLE_LABELS, type Me, type Role } from '../types';
import { ChevronDownIcon } from './icons';

/**
 * The current account's name; a menu to act in another account when the person has several.
 * People of an outsourcing partner also get the client accounts they serve (switched through
 * the partner's grant) and their own partner account.
 */
export function AccountSwitcher({ me }: { me: Me }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const inPartner = me.account.kind === 'partner' || !!me.partner;
  const served = usePartnerClients(inPartner);
  const clients = (served.data?.clients ?? []).filter((c) => c.workable && c.accountId !== me.account.id);
  // Acting in a client through a grant, the way back is the partner account (listed first).
  const others = me.partner
    ? [{ accountId: me.partner.id, accountName: me.partner.name, role: (served.data?.role ?? 'agent') as Role }]
    : (me.memberships ?? []).filter((m) => m.accountId !== me.account.id);
  const partnerSwitch = useMutation({
    mutationFn: (accountId: string) => post<{ actingIn: string }>('/v1/partner/switch', { accountId }),
    onSuccess: async () => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      await qc.invalidateQueries({ queryKey: ME_KEY });
      navigate('/inbox', { replace: true });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const switchTo = useMutation({
    mutationFn: (accountId: string) => post<AuthResponse>('/v1/auth/switch', { accountId }),
    onSuccess: async (res) => {
      // Nothing of the previous account may stay on screen: drop every cached query.
      await onSignedIn(qc, res);
      navigate('/', { replace: true });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  const pick = (accountId: string) => (me.partner ? partnerSwitch : switchTo).mutate(accountId);
  const label = me.partner ? `${me.account.name} · via ${me.partner.name}` : me.account.name;

  if (others.length === 0 && clients.length === 0) {
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
          loading={switchTo.isPending || partnerSwitch.isPending}
          maw={320}
          rightSection={<ChevronDownIcon size={16} />}
          aria-label={`Account: ${label}. Switch account`}
        >
          <Text fw={600} data-testid="account-name" truncate>
            {label}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Switch account</Menu.Label>
        {others.map((m) => (
          <Menu.Item key={m.accountId} data-testid="switch-account" onClick={() => pick(m.accountId)}>
            {m.accountName}{' '}
            <Text span size="xs" c="dimmed">
              ({ROLE_LABELS[m.role] ?? m.role})
            </Text>
          </Menu.Item>
        ))}
        {clients.length > 0 && <Menu.Label>Clients you serve</Menu.Label>}
        {clients.map((c) => (
          <Menu.Item key={c.accountId} data-testid="switch-client" onClick={() => partnerSwitch.mutate(c.accountId)}>
            {c.accountName}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
