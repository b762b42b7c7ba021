import { ActionIcon, Button, CloseButton, Group, Indicator, Popover, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get } from '../../api';
import type { Page } from '../../types';
import { formatPhone } from '../contacts/contactsApi';
import { useMembers } from '../settings/teamApi';
import { useNumbers } from './inboxApi';
import { activeFilterCount, EMPTY_FILTERS, type ListFilters } from './liveApi';

interface LabelRef { id: string; name: string }

/** The list's search box (debounced: the `search=` parameter). */
export function SearchBox({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, 300);
  useEffect(() => {
    if (debounced !== value) onChange(debounced);
    // onChange changes identity each render; the debounced text is what matters.
  }, [debounced]);
  useEffect(() => setText(value), [value]);
  return (
    <TextInput
      size="xs"
      style={{ flex: 1 }}
      placeholder="Search messages and contacts"
      aria-label="Search conversations"
      data-testid="conversation-search"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setText('');
          onChange('');
          e.currentTarget.blur();
        }
      }}
      rightSection={text ? <CloseButton size="xs" aria-label="Clear search" onClick={() => { setText(''); onChange(''); }} /> : null}
    />
  );
}

/** A compact popover with the list's filters: label, number, assignee, dates, unread only. */
export function FilterPopover({ filters, onChange }: { filters: ListFilters; onChange: (f: ListFilters) => void }) {
  const [opened, setOpened] = useState(false);
  const numbers = useNumbers();
  const members = useMembers();
  const labels = useQuery({ queryKey: ['labels'], queryFn: () => get<Page<LabelRef>>('/v1/labels'), staleTime: 30_000, enabled: opened, retry: false });
  const n = activeFilterCount(filters);
  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={280} shadow="md" withArrow trapFocus>
      <Popover.Target>
        <Indicator label={n} size={16} disabled={n === 0} offset={4}>
          <ActionIcon variant={n ? 'light' : 'default'} size="md" aria-label="Filters" data-testid="filters-button" onClick={() => setOpened((o) => !o)}>
            <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
              <path d="M3 5h18l-7 8v6l-4 2v-8z" />
            </svg>
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown data-testid="filters-popover">
        <Stack gap="xs">
          <Select
            size="xs" label="Label" placeholder="Any label" clearable searchable comboboxProps={{ withinPortal: false }}
            data={(labels.data?.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
            value={filters.label} onChange={(v) => set({ label: v })}
          />
          <Select
            size="xs" label="Number" placeholder="Any number" clearable comboboxProps={{ withinPortal: false }}
            data={(numbers.data?.data ?? []).map((x) => ({ value: x.id, label: formatPhone(x.phoneNumber) }))}
            value={filters.numberId} onChange={(v) => set({ numberId: v })}
          />
          <Select
            size="xs" label="Assignee" placeholder="Anyone" clearable searchable comboboxProps={{ withinPortal: false }}
            disabled={filters.view !== 'all'}
            description={filters.view !== 'all' ? 'Choose the “All” view to pick an assignee' : undefined}
            data={[{ value: 'none', label: 'Nobody (unassigned)' }, ...(members.data?.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))]}
            value={filters.assignee} onChange={(v) => set({ assignee: v })}
          />
          <Group grow gap="xs">
            <TextInput size="xs" type="date" label="From" value={filters.since ?? ''} onChange={(e) => set({ since: e.currentTarget.value || null })} data-testid="filter-since" />
            <TextInput size="xs" type="date" label="To" value={filters.until ?? ''} onChange={(e) => set({ until: e.currentTarget.value || null })} data-testid="filter-until" />
          </Group>
          <Switch size="xs" label="Unread only" checked={filters.unreadOnly} onChange={(e) => set({ unreadOnly: e.currentTarget.checked })} data-testid="filter-unread" />
          <Group justify="space-between">
            <Button size="xs" variant="subtle" disabled={n === 0} onClick={() => onChange({ ...EMPTY_FILTERS, view: filters.view, search: filters.search })}>
              Clear filters
            </Button>
            <Button size="xs" onClick={() => setOpened(false)}>
              Done
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
