import { Autocomplete, Group, Select, TextInput } from '@mantine/core';
import { useTagSuggestions } from './useTagSuggestions';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useSegments, type ContactFilters } from './contactsApi';

/** A text box that reports its value after the user pauses typing (and follows outside changes). */
function useDebouncedField(value: string, onCommit: (v: string) => void, delay = 300) {
  const [draft, setDraft] = useState(value);
  const [debounced] = useDebouncedValue(draft, delay);
  const committed = useRef(value);
  useEffect(() => {
    // Only a change from elsewhere (back button, a link) replaces what the user is typing.
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }, [value]);
  useEffect(() => {
    if (debounced !== committed.current) {
      committed.current = debounced;
      onCommit(debounced);
    }
  }, [debounced]);
  return [draft, setDraft] as const;
}

export function ContactsFilters({
  filters,
  onChange,
  knownTags,
}: {
  filters: ContactFilters;
  onChange: (key: keyof ContactFilters, value: string) => void;
  knownTags: string[];
}) {
  const segments = useSegments();
  const [query, setQuery] = useDebouncedField(filters.query, (v) => onChange('query', v));
  const [tag, setTag] = useDebouncedField(filters.tag, (v) => onChange('tag', v));
  const suggested = useTagSuggestions();
  const tagOptions = [...new Set([...suggested, ...knownTags])].slice(0, 200);

  return (
    <Group mb="md" align="flex-end" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="Name, phone number or email"
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        style={{ flex: '1 1 280px' }}
        type="search"
      />
      <Autocomplete label="Tag" placeholder="Any tag" data={tagOptions} value={tag} onChange={setTag} w={{ base: '100%', xs: 200 }} />
      <Select
        label="Segment"
        placeholder="All contacts"
        data={(segments.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        value={filters.segment || null}
        onChange={(v) => onChange('segment', v ?? '')}
        clearable
        searchable
        w={{ base: '100%', xs: 220 }}
        nothingFoundMessage="No segments"
      />
    </Group>
  );
}
