import { Alert, Badge, Button, Group, Loader, Menu, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../api';
import { formatDate } from '../../../policies';
import { ConsentBadge } from '../ContactBadges';
import type { ConsentKind, Contact } from '../contactTypes';
import { useConsent } from '../contactsApi';
import { ConsentTimeline } from './ConsentTimeline';
import { RecordConsentModal } from './RecordConsentModal';

export function ConsentCard({ contact, canRecord, canExport }: { contact: Contact; canRecord: boolean; canExport: boolean }) {
  const consent = useConsent(contact.id);
  const [recording, setRecording] = useState<ConsentKind | null>(null);
  const state = consent.data?.state ?? contact.consent.state;
  const exportPath = (format: 'json' | 'csv') => `/v1/contacts/${encodeURIComponent(contact.id)}/consent/export?format=${format}`;
  // Consent, every message with its delivery history, STOP/HELP handling and audit entries for this number (GET /v1/evidence).
  const evidencePath = (format: 'zip' | 'pdf') => `/v1/evidence?phone=${encodeURIComponent(contact.phone)}&format=${format}`;

  return (
    <Paper withBorder p="lg">
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={4}>Consent</Title>
            <Group gap="xs">
              <ConsentBadge state={state} size="lg" data-testid="consent-state" />
              {consent.data?.suppressed && (
                <Tooltip label="This number is on your suppression list: no texts are sent to it." withArrow>
                  <Badge color="red" variant="filled" size="lg" data-testid="suppressed-badge">
                    Suppressed
                  </Badge>
                </Tooltip>
              )}
            </Group>
            {contact.consent.updatedAt && (
              <Text size="xs" c="dimmed">
                Updated {formatDate(contact.consent.updatedAt, true)}
              </Text>
            )}
          </Stack>
          {canExport && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" size="xs">
                  Export evidence
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component="a" href={exportPath('json')} download>
                  JSON
                </Menu.Item>
                <Menu.Item component="a" href={exportPath('csv')} download>
                  CSV
                </Menu.Item>
                <Menu.Divider />
                <Menu.Label>Dispute evidence pack</Menu.Label>
                <Menu.Item component="a" href={evidencePath('zip')} download>
                  ZIP (all records + PDF)
                </Menu.Item>
                <Menu.Item component="a" href={evidencePath('pdf')} download>
                  Printable PDF
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>

        {canRecord && (
          <Group gap="xs">
            <Button size="xs" color="green" variant="light" onClick={() => setRecording('opt_in')}>
              Record opt-in
            </Button>
            <Button size="xs" color="red" variant="light" onClick={() => setRecording('opt_out')} disabled={state === 'opted_out' && consent.data?.suppressed}>
              Record opt-out
            </Button>
          </Group>
        )}

        <Text size="sm" fw={600}>
          History
        </Text>
        {consent.isPending && <Loader size="sm" aria-label="Loading consent history" />}
        {consent.isError && <Alert color="red">{errorMessage(consent.error)}</Alert>}
        {consent.data && <ConsentTimeline events={consent.data.data} />}
      </Stack>
      {recording && <RecordConsentModal key={recording} contactId={contact.id} kind={recording} onClose={() => setRecording(null)} />}
    </Paper>
  );
}
