import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage, get } from '../../api';
import { canAdminContacts, canEditContacts, useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import type { Page } from '../../types';
import { AddContactModal } from './AddContactModal';
import { BulkActions } from './BulkActions';
import { ContactsEmptyState } from './ContactsEmptyState';
import { ContactsFilters } from './ContactsFilters';
import { ContactsTable, type ContactSort } from './ContactsTable';
import type { Contact, Selection } from './contactTypes';
import { CONTACTS_KEY, contactsPath, type ContactFilters } from './contactsApi';

export function ContactsPage() {
  const { user } = useSession();
  const admin = canAdminContacts(user.role);
  const editor = canEditContacts(user.role);
  const [params, setParams] = useSearchParams();
  const filters: ContactFilters = {
    query: params.get('query') ?? '',
    tag: params.get('tag') ?? '',
    segment: params.get('segment') ?? '',
  };
  const setFilter = (key: keyof ContactFilters, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const sort = (params.get('sort') ?? 'created_desc') as ContactSort;
  const setSort = (s: ContactSort) => setFilter('sort' as keyof ContactFilters, s === 'created_desc' ? '' : s);
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [filterKey]);

  const contacts = useInfiniteQuery({
    queryKey: [...CONTACTS_KEY, 'list', filters, sort],
    // The first page also counts every match (total); later pages only continue the order.
    queryFn: ({ pageParam }) => get<Page<Contact> & { total?: number }>(`${contactsPath(filters, pageParam)}&sort=${sort}${pageParam ? '' : '&total=true'}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => contacts.data?.pages.flatMap((p) => p.data) ?? [], [contacts.data]);
  const total = contacts.data?.pages[0]?.total ?? rows.length;
  const filtered = Boolean(filters.query.trim() || filters.tag.trim() || filters.segment);

  const selection: Selection = allMatching
    ? filtered
      ? {
          ...(filters.query.trim() ? { query: filters.query.trim() } : {}),
          ...(filters.tag.trim() ? { tag: filters.tag.trim() } : {}),
          ...(filters.segment ? { segment: filters.segment } : {}),
        }
      : { all: true }
    : { ids: [...selected] };
  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
  const toggle = (id: string) => {
    const next = new Set(allMatching ? rows.map((r) => r.id) : selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setAllMatching(false);
    setSelected(next);
  };
  const allLoadedSelected = rows.length > 0 && (allMatching || rows.every((r) => selected.has(r.id)));
  const toggleAll = () => {
    setAllMatching(false);
    setSelected(allLoadedSelected ? new Set() : new Set(rows.map((r) => r.id)));
  };

  const noContactsAtAll = contacts.isSuccess && !filtered && rows.length === 0;

  return (
    <>
      <PageHeader
        title="Contacts"
        description="Everyone you text, with their consent status, tags and custom fields."
        actions={
          <Group gap="xs">
            <Button component={Link} to="/contacts/segments" variant="default">
              Segments
            </Button>
            <Button component={Link} to="/contacts/imports" variant="default">
              Import history
            </Button>
            {admin && (
              <Button component={Link} to="/contacts/import" variant="light">
                Import contacts
              </Button>
            )}
            {editor && <Button onClick={() => setAdding(true)}>Add contact</Button>}
          </Group>
        }
      />

      {contacts.isSuccess && !noContactsAtAll && (
        <Text size="sm" c="dimmed" mb="xs" data-testid="contacts-total">
          {total.toLocaleString()} contact{total === 1 ? '' : 's'}
          {filtered ? ' match' : ''}
        </Text>
      )}
      {noContactsAtAll ? (
        <ContactsEmptyState canImport={admin} canAdd={editor} onAdd={() => setAdding(true)} />
      ) : (
        <>
          <ContactsFilters filters={filters} onChange={setFilter} knownTags={rows.flatMap((r) => r.tags)} />
          {admin && (selected.size > 0 || allMatching) && (
            <BulkActions
              selection={selection}
              count={allMatching ? null : selected.size}
              filtered={filtered}
              canSelectAllMatching={allLoadedSelected && !allMatching && contacts.hasNextPage}
              onSelectAllMatching={() => setAllMatching(true)}
              onClear={clearSelection}
            />
          )}
          {contacts.isError && <Alert color="red">{errorMessage(contacts.error)}</Alert>}
          {contacts.isPending && <Loader aria-label="Loading contacts" />}
          {contacts.isSuccess && (
            <ContactsTable
              rows={rows}
              selectable={admin}
              isSelected={(id) => allMatching || selected.has(id)}
              allSelected={allLoadedSelected}
              someSelected={selected.size > 0}
              onToggle={toggle}
              onToggleAll={toggleAll}
              sort={sort}
              onSort={setSort}
            />
          )}
          {contacts.hasNextPage && (
            <Group justify="center" mt="md">
              <Button variant="default" onClick={() => void contacts.fetchNextPage()} loading={contacts.isFetchingNextPage}>
                Load more
              </Button>
            </Group>
          )}
          {contacts.isSuccess && rows.length > 0 && (
            <Text size="xs" c="dimmed" mt="sm" ta="center">
              Showing {rows.length.toLocaleString()} of {total.toLocaleString()} contact{total === 1 ? '' : 's'}
            </Text>
          )}
        </>
      )}

      <AddContactModal opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}
