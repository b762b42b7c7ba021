import { Anchor, Checkbox, Paper, Table, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatDate } from '../../policies';
import { ConsentBadge, TagBadges } from './ContactBadges';
import type { Contact } from './contactTypes';
import { contactName, formatPhone } from './contactsApi';

export type ContactSort = 'created_desc' | 'created_asc' | 'name_asc' | 'name_desc' | 'last_message_desc' | 'last_message_asc';

/** A column header that sorts the list: a click toggles its direction; aria-sort tells which is active. */
function SortHeader({ label, column, sort, onSort }: { label: string; column: 'name' | 'created' | 'last_message'; sort: ContactSort; onSort: (s: ContactSort) => void }) {
  const active = sort.startsWith(column);
  const asc = sort.endsWith('_asc');
  const next: ContactSort = active ? (`${column}_${asc ? 'desc' : 'asc'}` as ContactSort) : (`${column}_${column === 'name' ? 'asc' : 'desc'}` as ContactSort);
  return (
    <Table.Th aria-sort={active ? (asc ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => onSort(next)} fw={700} fz="sm" data-testid={`sort-${column}`}>
        {label} {active ? (asc ? '▲' : '▼') : <Text span c="dimmed" fz="xs">↕</Text>}
      </UnstyledButton>
    </Table.Th>
  );
}

export function ContactsTable({
  rows,
  selectable,
  isSelected,
  allSelected,
  someSelected,
  onToggle,
  onToggleAll,
  sort = 'created_desc',
  onSort = () => {},
}: {
  rows: Contact[];
  selectable: boolean;
  isSelected: (id: string) => boolean;
  allSelected: boolean;
  someSelected: boolean;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  sort?: ContactSort;
  onSort?: (s: ContactSort) => void;
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
              <SortHeader label="Name" column="name" sort={sort} onSort={onSort} />
              <Table.Th>Phone</Table.Th>
              <Table.Th>Tags</Table.Th>
              <Table.Th>Consent</Table.Th>
              <SortHeader label="Created" column="created" sort={sort} onSort={onSort} />
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
