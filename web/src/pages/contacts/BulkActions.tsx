import { Alert, Anchor, Button, Group, Modal, Paper, Stack, TagsInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTagSuggestions } from './useTagSuggestions';
import { download, errorMessage, post } from '../../api';
import { ConfirmModal } from '../../components/ConfirmModal';
import type { Selection } from './contactTypes';
import { CONTACTS_KEY, SEGMENTS_KEY } from './contactsApi';

type Action = 'tag' | 'untag' | 'delete';

const plural = (n: number) => `${n.toLocaleString()} contact${n === 1 ? '' : 's'}`;

/** The bar above the table while contacts are selected: tag, untag, delete, export. Admins only. */
export function BulkActions({
  selection,
  count,
  filtered,
  canSelectAllMatching,
  onSelectAllMatching,
  onClear,
}: {
  selection: Selection;
  /** Number of explicitly selected contacts; null when "all matching" is selected. */
  count: number | null;
  /** Whether a search, tag or segment narrows the list ("all matching" then means those). */
  filtered: boolean;
  canSelectAllMatching: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
}) {
  const qc = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const knownTags = useTagSuggestions();

  const run = useMutation({
    mutationFn: (a: { action: Action; tags?: string[] }) => post<{ affected: number }>('/v1/contacts/bulk', { ...a, selection }),
    onSuccess: ({ affected }, a) => {
      setOpen(null);
      setTags([]);
      onClear();
      void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
      void qc.invalidateQueries({ queryKey: SEGMENTS_KEY });
      const verb = a.action === 'tag' ? 'Tagged' : a.action === 'untag' ? 'Removed the tag from' : 'Deleted';
      notifications.show({ color: 'green', message: `${verb} ${plural(affected)}` });
    },
  });
  const exporting = useMutation({
    mutationFn: () => download('/v1/contacts/export', { method: 'POST', body: selection, filename: 'contacts.csv' }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  const openAction = (a: Action) => {
    run.reset();
    setTags([]);
    setOpen(a);
  };
  const target = count !== null ? `the ${plural(count)} you selected` : filtered ? 'every contact matching the filters' : 'every contact';
  const label = count !== null ? `${plural(count)} selected` : filtered ? 'All contacts matching the filters' : 'All contacts';

  return (
    <Paper withBorder p="sm" mb="md" bg="var(--mantine-color-west-0)" data-testid="bulk-actions">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm">
          <Text size="sm" fw={600}>
            {label}
          </Text>
          {canSelectAllMatching && (
            <Anchor component="button" type="button" size="sm" onClick={onSelectAllMatching}>
              {filtered ? 'Select all matching contacts' : 'Select all contacts'}
            </Anchor>
          )}
          <Anchor component="button" type="button" size="sm" c="dimmed" onClick={onClear}>
            Clear selection
          </Anchor>
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => openAction('tag')}>
            Add tag
          </Button>
          <Button size="xs" variant="default" onClick={() => openAction('untag')}>
            Remove tag
          </Button>
          <Button size="xs" variant="default" onClick={() => exporting.mutate()} loading={exporting.isPending}>
            Export CSV
          </Button>
          <Button size="xs" color="red" variant="light" onClick={() => openAction('delete')}>
            Delete
          </Button>
        </Group>
      </Group>

      <Modal
        opened={open === 'tag' || open === 'untag'}
        onClose={() => setOpen(null)}
        title={<Text fw={600}>{open === 'tag' ? 'Add tags' : 'Remove tags'}</Text>}
        centered
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (tags.length && open) run.mutate({ action: open, tags });
          }}
        >
          <Stack>
            <Text size="sm">{open === 'tag' ? `Add tags to ${target}.` : `Remove tags from ${target}.`}</Text>
            <TagsInput label="Tags" placeholder="Type a tag and press Enter" data={knownTags} value={tags} onChange={setTags} limit={20} data-autofocus />
            {run.isError && <Alert color="red">{errorMessage(run.error)}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(null)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!tags.length} loading={run.isPending}>
                {open === 'tag' ? 'Add tags' : 'Remove tags'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <ConfirmModal
        opened={open === 'delete'}
        title="Delete contacts?"
        confirmLabel="Delete contacts"
        loading={run.isPending}
        error={run.error}
        onConfirm={() => run.mutate({ action: 'delete' })}
        onClose={() => setOpen(null)}
      >
        {count !== null ? plural(count) : filtered ? 'Every contact matching the current filters' : 'Every contact in this account'} will be deleted. Their consent records and
        opt-outs are kept, so people who opted out are never texted again. This cannot be undone.
      </ConfirmModal>
    </Paper>
  );
}
