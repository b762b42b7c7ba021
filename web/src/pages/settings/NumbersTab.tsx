import { Alert, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { PARTNER_ACCOUNT_NOTE, canManageNumbers, isPartnerAccount, useSession } from '../../auth';
import { formatDate } from '../../policies';
import { formatPhone } from '../contacts/contactsApi';
import { NUMBER_TYPE_LABELS, useNumbers } from '../inbox/inboxApi';
import type { PhoneNumber } from '../inbox/inboxTypes';
import { EditNumberModal, KEYWORD_FIELDS } from './EditNumberModal';
import { TwilioInboundLog } from './TwilioInboundLog';
import { GetNumberForm } from './GetNumberForm';
import { ReleaseNumberModal } from './ReleaseNumberModal';
import { NumberPoolsSection } from './NumberPoolsSection';

function KeywordReplies({ n }: { n: PhoneNumber }) {
  return (
    <Stack gap={2}>
      {KEYWORD_FIELDS.map((f) => {
        const own = n.keywordReplies[f.kind];
        return (
          <Group key={f.kind} gap={6} wrap="nowrap">
            <Text size="xs" fw={600} w={46}>
              {f.label.replace(' reply', '')}
            </Text>
            {own ? (
              <Tooltip label={own} multiline w={320} withArrow>
                <Text size="xs" truncate maw={280} data-testid={`reply-${f.kind}`}>
                  {own}
                </Text>
              </Tooltip>
            ) : (
              <Text size="xs" c="dimmed" data-testid={`reply-${f.kind}`}>
                Standard reply
              </Text>
            )}
          </Group>
        );
      })}
      {n.customKeywords.length > 0 && (
        <Group gap={4} mt={2}>
          {n.customKeywords.map((k) => (
            <Badge key={k.word} size="xs" variant="outline" color="gray" tt="none">
              {k.word}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

export function NumbersTab() {
  const me = useSession();
  const partner = isPartnerAccount(me);
  const admin = canManageNumbers(me.user.role) && !partner;
  const numbers = useNumbers();
  const [editing, setEditing] = useState<PhoneNumber | null>(null);
  const [releasing, setReleasing] = useState<PhoneNumber | null>(null);
  const rows = numbers.data?.data ?? [];

  return (
    <Stack gap="xl" maw={1040}>
      {admin ? <GetNumberForm /> : <Alert color="gray">{partner ? PARTNER_ACCOUNT_NOTE : 'Only the owner or an admin can get numbers or change their settings.'}</Alert>}
      <Stack gap="sm">
        <Title order={4}>Your numbers</Title>
        {numbers.isPending && <Loader size="sm" aria-label="Loading numbers" />}
        {numbers.isError && <Alert color="red">{errorMessage(numbers.error)}</Alert>}
        {numbers.isSuccess && rows.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="numbers-empty">
            No numbers yet. {admin ? 'Get one above to start texting.' : ''}
          </Text>
        )}
        {rows.length > 0 && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Number</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>Speed</Table.Th>
                    <Table.Th>Keyword replies</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((n) => (
                    <Table.Tr key={n.id} data-testid="number-row" data-number-id={n.id}>
                      <Table.Td>
                        <Text fw={600} size="sm" data-testid="number-phone" style={{ whiteSpace: 'nowrap' }}>
                          {formatPhone(n.phoneNumber)}
                        </Text>
                        <Group gap={4} mt={2}>
                          <Badge size="xs" color={n.provider === 'simulator' ? 'yellow' : 'gray'} variant="light" tt="none">
                            {n.provider === 'simulator' ? 'Simulator' : n.provider}
                          </Badge>
                          {n.createdAt && (
                            <Text size="xs" c="dimmed">
                              since {formatDate(n.createdAt)}
                            </Text>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm">{NUMBER_TYPE_LABELS[n.type] ?? n.type}</Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" data-testid="number-mps">
                          {n.mps.toLocaleString()} msg/s
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <KeywordReplies n={n} />
                      </Table.Td>
                      <Table.Td>
                        {admin && (
                          <Group justify="flex-end">
                            <Button size="xs" variant="subtle" onClick={() => setEditing(n)} aria-label={`Edit ${formatPhone(n.phoneNumber)}`}>
                              Edit
                            </Button>
                            <Button size="xs" variant="subtle" color="red" onClick={() => setReleasing(n)} aria-label={`Release ${formatPhone(n.phoneNumber)}`}>
                              Release
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
      <NumberPoolsSection admin={admin} />
      {admin && rows.some((n) => n.twilioSmsUrl) && <TwilioInboundLog />}
      {editing && <EditNumberModal key={editing.id} number={editing} onClose={() => setEditing(null)} />}
      {releasing && <ReleaseNumberModal key={releasing.id} number={releasing} onClose={() => setReleasing(null)} />}
    </Stack>
  );
}
