import { Tabs } from '@mantine/core';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { AccountTab } from './AccountTab';
import { ApiKeysTab } from './ApiKeysTab';
import { BusinessTab } from './BusinessTab';
import { CampaignSettingsTab } from './CampaignSettingsTab';
import { ConnectionsTab } from './ConnectionsTab';
import { CustomFieldsTab } from './CustomFieldsTab';
import { DataExportTab } from './DataExportTab';
import { KeywordsTab } from './KeywordsTab';
import { InboxSettingsTab } from './InboxSettingsTab';
import { LinkTrackingTab } from './LinkTrackingTab';
import { NumbersTab } from './NumbersTab';
import { ProfileTab } from './ProfileTab';
import { RetentionTab } from './RetentionTab';
import { TransfersTab } from './TransfersTab';
import { SecurityTab } from './SecurityTab';
import { SubprocessorsTab } from './SubprocessorsTab';
import { SignupFormTab } from './SignupFormTab';
import { TeamTab } from './TeamTab';
import { SlaTab } from '../sla/SlaTab';
import { PartnersTab } from './PartnersTab';
import { WebhooksTab } from './WebhooksTab';
import { TeamsTab } from './TeamsTab';

const TABS = [
  { value: 'profile', label: 'Profile', panel: <ProfileTab /> },
  { value: 'security', label: 'Security', panel: <SecurityTab /> },
  { value: 'business', label: 'Business', panel: <BusinessTab /> },
  { value: 'team', label: 'Team', panel: <TeamTab /> },
  { value: 'sla', label: 'SLA & CSAT', panel: <SlaTab /> },
  { value: 'partners', label: 'Partners', panel: <PartnersTab /> },
  { value: 'teams', label: 'Teams', panel: <TeamsTab /> },
  { value: 'api-keys', label: 'API keys', panel: <ApiKeysTab /> },
  { value: 'webhooks', label: 'Webhooks', panel: <WebhooksTab /> },
  { value: 'numbers', label: 'Numbers', panel: <NumbersTab /> },
  { value: 'carriers', label: 'Carriers', panel: <ConnectionsTab /> },
  { value: 'fields', label: 'Custom fields', panel: <CustomFieldsTab /> },
  { value: 'keywords', label: 'Keywords', panel: <KeywordsTab /> },
  { value: 'inbox', label: 'Inbox', panel: <InboxSettingsTab /> },
  { value: 'signup-form', label: 'Sign-up form', panel: <SignupFormTab /> },
  { value: 'links', label: 'Link tracking', panel: <LinkTrackingTab /> },
  { value: 'campaigns', label: 'Campaigns', panel: <CampaignSettingsTab /> },
  { value: 'data-export', label: 'Data export', panel: <DataExportTab /> },
  { value: 'retention', label: 'Data retention', panel: <RetentionTab /> },
  { value: 'transfers', label: 'Change of owner', panel: <TransfersTab /> },
  { value: 'subprocessors', label: 'Sub-processors', panel: <SubprocessorsTab /> },
  { value: 'account', label: 'Account', panel: <AccountTab /> },
];

export function SettingsPage() {
  const { tab = 'profile' } = useParams();
  const navigate = useNavigate();
  if (!TABS.some((t) => t.value === tab)) return <Navigate to="/settings" replace />;

  return (
    <>
      <PageHeader title="Settings" description="Your profile, your business, your team, API access, your texting numbers, carrier connections, custom contact fields, join keywords, the sign-up form, link tracking and campaign rules." />
      {/* Only the active panel is mounted, so labels like "Email" are unique on the page. */}
      <Tabs value={tab} onChange={(v) => v && navigate(v === 'profile' ? '/settings' : `/settings/${v}`)} keepMounted={false}>
        <Tabs.List mb="lg">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            {t.panel}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
