import { Anchor, Checkbox, Paper, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatDate } from '../../policies';
import { ConsentBadge, TagBadges } from './ContactBadges';
import type { Contact } from './contactTypes';
import { contactName, formatPhone } from './contactsApi';

export function ContactsTable({
  rows,
  selectable,
  isSelected,
  allSelected,
  someSelected,
  onToggle,
  onToggleAll,
}: {
  rows: Contact[];
  selectable: boolean;
  isSelected: (id: string) => boolean;
  allSelected: boolean;
  someSelected: boolean;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
}) {
  const columns = selectable ? 6 : 5;
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={760}>
        <Table highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              {selectable && (
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select all loaded contacts"
                    checked={allSelected}
                    indeterminate={!allSelected && someSelected}
                    onChange={onToggleAll}
                    disabled={rows.length === 0}
                  />
                </Table.Th>
              )}
              <Table.Th>Name</Table.Th>
              <Table.Th>Phone</Table.Th>
              <Table.Th>Tags</Table.Th>
              <Table.Th>Consent</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => {
              const name = contactName(c);
              const checked = isSelected(c.id);
              return (
                <Table.Tr key={c.id} data-testid="contact-row" data-contact-id={c.id} bg={checked ? 'var(--mantine-color-west-0)' : undefined}>
                  {selectable && (
                    <Table.Td>
                      <Checkbox aria-label={`Select ${name || c.phone}`} checked={checked} onChange={() => onToggle(c.id)} />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${encodeURIComponent(c.id)}`} fw={500} size="sm">
                      {name || 'Unnamed contact'}
                    </Anchor>
                    {c.email && (
                      <Text size="xs" c="dimmed">
                        {c.email}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatPhone(c.phone)}</Table.Td>
                  <Table.Td>
                    <TagBadges tags={c.tags} />
                  </Table.Td>
                  <Table.Td>
                    <ConsentBadge state={c.consent.state} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.createdAt)}</Table.Td>
                </Table.Tr>
              );
            })}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={columns}>
                  <Text c="dimmed" ta="center" py="md">
                    No contacts match these filters.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
