import { Alert, Button, Group, Loader, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorMessage, patch, post } from '../../../api';
import type { CustomField, Segment, SegmentFilter } from '../contactTypes';
import { SEGMENTS_KEY } from '../contactsApi';
import { ConditionRow } from './ConditionRow';
import { newCondition, toCondition, toDraft, toFilter, type DraftCondition } from './segmentModel';

/** How many contacts a filter matches, refreshed a moment after the last edit. */
function LiveCount({ filter }: { filter: SegmentFilter }) {
  const [debounced] = useDebouncedValue(JSON.stringify(filter), 350);
  const count = useQuery({
    queryKey: ['segment-count', debounced],
    queryFn: () => post<{ count: number }>('/v1/segments/count', { filter: JSON.parse(debounced) }),
    placeholderData: keepPreviousData,
  });
  const value = count.data?.count;
  return (
    <Group gap="xs" wrap="nowrap">
      {count.isError ? (
        <Text size="sm" c="red">
          {errorMessage(count.error)}
        </Text>
      ) : (
        <Text size="sm" data-testid="segment-count" data-count={value ?? ''} aria-live="polite">
          <Text span fw={700} size="lg">
            {value === undefined ? '…' : value.toLocaleString()}
          </Text>{' '}
          {value === 1 ? 'contact matches' : 'contacts match'}
        </Text>
      )}
      {(count.isFetching || JSON.stringify(filter) !== debounced) && <Loader size={14} aria-label="Counting" />}
    </Group>
  );
}

export function SegmentEditor({
  segment,
  fields,
  onDone,
}: {
  segment: Segment | null;
  fields: CustomField[];
  onDone: (saved: Segment | null) => void;
}) {
  const qc = useQueryClient();
  const [name, setName] = useState(segment?.name ?? '');
  const [nameError, setNameError] = useState<string | null>(null);
  const [match, setMatch] = useState<'all' | 'any'>(segment?.filter.match ?? 'all');
  const [drafts, setDrafts] = useState<DraftCondition[]>(segment?.filter.conditions.map(toDraft) ?? []);
  const filter = toFilter(match, drafts, fields);
  const incomplete = drafts.filter((d) => toCondition(d, fields) === null).length;

  const save = useMutation({
    mutationFn: () =>
      segment
        ? patch<Segment>(`/v1/segments/${encodeURIComponent(segment.id)}`, { name: name.trim(), filter })
        : post<Segment>('/v1/segments', { name: name.trim(), filter }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: SEGMENTS_KEY });
      notifications.show({ color: 'green', message: `Segment “${s.name}” saved` });
      onDone(s);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'segment_name_taken') setNameError(e.message);
    },
  });

  const update = (i: number, c: DraftCondition) => setDrafts((prev) => prev.map((d, j) => (j === i ? c : d)));

  return (
    <Paper withBorder p="lg" data-testid="segment-editor">
      <form
        noValidate
        // Enter in a field (a name, a condition's value) must not save a segment still being edited: only "Save segment" does.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return setNameError('Name the segment');
          save.mutate();
        }}
      >
        <Stack>
          <Group justify="space-between" align="flex-start">
            <Title order={4}>{segment ? `Edit “${segment.name}”` : 'New segment'}</Title>
            <LiveCount filter={filter} />
          </Group>
          <TextInput
            label="Segment name"
            placeholder="e.g. VIP customers in Texas"
            value={name}
            error={nameError}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setNameError(null);
            }}
            maw={420}
            data-autofocus
          />
          <Group gap="sm">
            <Text size="sm">Contacts matching</Text>
            <SegmentedControl
              size="xs"
              aria-label="Match"
              value={match}
              onChange={(v) => setMatch(v as 'all' | 'any')}
              data={[
                { value: 'all', label: 'all conditions' },
                { value: 'any', label: 'any condition' },
              ]}
            />
          </Group>
          <Stack gap="xs">
            {drafts.map((d, i) => (
              <ConditionRow
                key={i}
                index={i}
                condition={d}
                fields={fields}
                readOnly={false}
                onChange={(c) => update(i, c)}
                onRemove={() => setDrafts((prev) => prev.filter((_, j) => j !== i))}
              />
            ))}
            {drafts.length === 0 && (
              <Text size="sm" c="dimmed">
                No conditions yet: every contact matches.
              </Text>
            )}
            <Group>
              <Button variant="light" size="xs" onClick={() => setDrafts((prev) => [...prev, newCondition('tag', fields)])}>
                Add condition
              </Button>
              {incomplete > 0 && (
                <Text size="xs" c="dimmed">
                  {incomplete} incomplete condition{incomplete === 1 ? ' is' : 's are'} not counted yet.
                </Text>
              )}
            </Group>
          </Stack>
          {save.isError && !(save.error instanceof ApiError && save.error.code === 'segment_name_taken') && <Alert color="red">{errorMessage(save.error)}</Alert>}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={incomplete > 0}>
              Save segment
            </Button>
            <Button variant="default" onClick={() => onDone(null)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
