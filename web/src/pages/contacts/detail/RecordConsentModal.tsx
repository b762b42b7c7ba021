import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../../../api';
import { applyServerError, optional } from '../../../forms';
import type { ConsentKind, ConsentTimeline } from '../contactTypes';
import { CONTACTS_KEY, consentKey } from '../contactsApi';

const SOURCES = [
  { value: 'agent', label: 'Told an agent (phone, in person, chat)' },
  { value: 'web_form', label: 'Web form' },
  { value: 'api', label: 'Another system' },
];

interface Values {
  source: string;
  wording: string;
  url: string;
  note: string;
}

/** Records an opt-in (the wording they agreed to is required) or an opt-out for one contact. */
export function RecordConsentModal({ contactId, kind, onClose }: { contactId: string; kind: ConsentKind | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const optIn = kind === 'opt_in';
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { source: 'agent', wording: '', url: '', note: '' },
    validate: { wording: (v) => (optIn && v.trim() === '' ? 'Enter what the person agreed to' : null) },
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };

  const record = useMutation({
    mutationFn: (v: Values) =>
      post<ConsentTimeline>(`/v1/contacts/${encodeURIComponent(contactId)}/consent`, {
        kind,
        source: v.source,
        evidence: { wording: optional(v.wording), url: optional(v.url), note: optional(v.note) },
      }),
    onSuccess: (timeline) => {
      qc.setQueryData(consentKey(contactId), timeline);
      void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
      notifications.show({ color: 'green', message: optIn ? 'Opt-in recorded' : 'Opt-out recorded' });
      close();
    },
    onError: (e) => setError(applyServerError(form, e, { 'evidence.wording': 'wording', wording: 'wording' })),
  });

  return (
    <Modal opened={kind !== null} onClose={close} title={<Text fw={600}>{optIn ? 'Record opt-in' : 'Record opt-out'}</Text>} centered size="lg">
      <form noValidate onSubmit={form.onSubmit((v) => record.mutate(v))}>
        <Stack>
          <Text size="sm" c="dimmed">
            {optIn
              ? 'Keep proof of consent: write down exactly what this person agreed to. It is stored with the date, your name and your IP address.'
              : 'This person will not receive any more texts from you, and their number goes on your suppression list.'}
          </Text>
          {error && <Alert color="red">{error}</Alert>}
          <Select label="How did they tell you?" data={SOURCES} allowDeselect={false} {...form.getInputProps('source')} />
          {optIn && (
            <Textarea
              label="What did they agree to?"
              placeholder="e.g. “Yes, text me appointment reminders and offers from Acme Plumbing. Reply STOP to opt out.”"
              withAsterisk
              autosize
              minRows={3}
              data-autofocus
              {...form.getInputProps('wording')}
            />
          )}
          {form.values.source === 'web_form' && <TextInput label="Form URL" placeholder="https://" {...form.getInputProps('url')} />}
          <Textarea label="Note" description="Optional, for your team" autosize minRows={2} {...form.getInputProps('note')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color={optIn ? 'green' : 'red'} loading={record.isPending}>
              {optIn ? 'Record opt-in' : 'Record opt-out'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
