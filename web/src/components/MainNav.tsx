import { NavLink, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { Role } from '../types';
import { InboxNavBadge } from '../pages/inbox/InboxNavBadge';
import {
  AnalyticsIcon,
  AuditIcon,
  CampaignsIcon,
  ContactsIcon,
  HelpIcon,
  InboxIcon,
  PrivacyIcon,
  SettingsIcon,
} from './icons';

interface Item {
  to: string;
  label: string;
  icon: ReactNode;
  ownerOnly?: boolean;
  adminUp?: boolean;
  /** Only in an outsourcing partner's own account. */
  partnerOnly?: boolean;
  /** Also for a partner's agent acting in a client's account (whose grant reaches the inbox only). */
  viaPartner?: boolean;
}

const ITEMS: Item[] = [
  { to: '/partner', label: 'Partner desk', icon: <InboxIcon />, partnerOnly: true },
  { to: '/inbox', label: 'Inbox', icon: <InboxIcon />, viaPartner: true },
  { to: '/contacts', label: 'Contacts', icon: <ContactsIcon /> },
  { to: '/campaigns', label: 'Campaigns', icon: <CampaignsIcon /> },
  { to: '/sla', label: 'SLA breaches', icon: <AuditIcon /> },
  { to: '/reports', label: 'Reports', icon: <AnalyticsIcon /> },
  { to: '/analytics', label: 'Analytics', icon: <AnalyticsIcon /> },
  { to: '/billing', label: 'Billing', icon: <AnalyticsIcon />, adminUp: true },
  { to: '/settings', label: 'Settings', icon: <SettingsIcon /> },
  { to: '/privacy', label: 'Privacy', icon: <PrivacyIcon /> },
  { to: '/privacy-requests', label: 'Privacy requests', icon: <PrivacyIcon />, adminUp: true },
  { to: '/audit', label: 'Audit log', icon: <AuditIcon />, ownerOnly: true },
  { to: '/help', label: 'Help & feedback', icon: <HelpIcon />, viaPartner: true },
];

export function MainNav({ role, onNavigate, partner = false, viaPartner = false }: { role: Role; onNavigate?: () => void; partner?: boolean; viaPartner?: boolean }) {
  const { pathname } = useLocation();
  return (
    <Stack gap={2} component="nav" aria-label="Main">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pb={4}>
        Workspace
      </Text>
      {ITEMS.filter((i) => (!viaPartner || i.viaPartner) && (!i.partnerOnly || partner) && (!i.ownerOnly || role === 'owner') && (!i.adminUp || role === 'owner' || role === 'admin')).map((item) => (
        <NavLink
          key={item.to}
          component={Link}
          to={item.to}
          label={item.label}
          leftSection={item.icon}
          rightSection={item.to === '/inbox' ? <InboxNavBadge /> : undefined}
          active={pathname === item.to || pathname.startsWith(item.to + '/')}
          onClick={onNavigate}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        />
      ))}
    </Stack>
  );
}
