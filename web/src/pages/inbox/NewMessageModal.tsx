import { Alert, Anchor, Autocomplete, Button, Checkbox, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, get, post } from '../../api';
import type { Page } from '../../types';
import type { Contact } from '../contacts/contactTypes';
import { applyServerError, required } from '../../forms';
import { contactName, formatPhone, PHONE_PROBLEMS } from '../contacts/contactsApi';
import { CONVERSATIONS_KEY, NUMBER_TYPE_LABELS, SEND_ERRORS, sendErrorMessage } from './inboxApi';
import type { Message, PhoneNumber } from './inboxTypes';
import { SegmentCounter } from './SegmentCounter';

interface Values {
  to: string;
  from: string;
  body: string;
  smartEncoding: boolean;
}

const TO_ERRORS = new Set(['invalid_phone', 'landline_number', 'recipient_opted_out']);
const BODY_ERRORS = new Set(['empty_body', 'body_too_long', 'invalid_characters']);

/** The label of a contact in the "To" suggestions; picking it puts the number in the field. */
const optionLabel = (c: Contact) => `${contactName(c) || 'Unnamed contact'} · ${formatPhone(c.phone)}`;

/**
 * Contacts whose name, email or number matches what is typed in "To" (GET /v1/contacts?query=,
 * case- and accent-insensitive on the server), as label → number.
 */
function useRecipientSuggestions(typed: string, enabled: boolean): Map<string, { phone: string; name: string }> {
  const [query] = useDebouncedValue(typed.trim(), 200);
  const found = useQuery({
    queryKey: ['contacts', 'lookup', query],
    queryFn: () => get<Page<Contact>>(`/v1/contacts?${new URLSearchParams({ query, limit: '8' })}`),
    enabled: enabled && query.length >= 2,
    staleTime: 10_000,
  });
  return new Map((query.length >= 2 ? (found.data?.data ?? []) : []).map((c) => [optionLabel(c), { phone: c.phone, name: contactName(c) }]));
}

/** Start a conversation: POST /v1/messages, then open the conversation it landed in. `initialTo` prefills "To" (the contact page's "Message"). */
export function NewMessageModal({
  opened,
  onClose,
  numbers,
  noNumbers,
  initialTo = '',
}: {
  opened: boolean;
  onClose: () => void;
  numbers: PhoneNumber[];
  noNumbers: boolean;
  initialTo?: string;
}) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [noNumber, setNoNumber] = useState(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { to: '', from: '', body: '', smartEncoding: false },
    validate: { to: required('To'), body: (v) => (v.trim() === '' ? SEND_ERRORS.empty_body : null) },
  });

  const [picked, setPicked] = useState<string | null>(null);
  const suggestions = useRecipientSuggestions(form.values.to, opened);
  useEffect(() => {
    if (opened && initialTo) form.setFieldValue('to', initialTo);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, initialTo]);

  const close = () => {
    setPicked(null);
    form.reset();
    setError(null);
    setNoNumber(false);
    onClose();
  };

  const send = useMutation({
    mutationFn: (v: Values) =>
      post<Message>('/v1/messages', {
        to: v.to.trim(),
        body: v.body,
        ...(v.from ? { from: v.from } : {}),
        ...(v.smartEncoding ? { smartEncoding: true } : {}),
      }),
    onSuccess: (m) => {
      void qc.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
      close();
      if (m.conversationId) navigate(`/inbox/${encodeURIComponent(m.conversationId)}`);
    },
    onError: (e) => {
      if (e instanceof ApiError) {
        if (e.code === 'invalid_phone') return form.setFieldError('to', PHONE_PROBLEMS[String(e.details.reason)] ?? SEND_ERRORS.invalid_phone);
        if (TO_ERRORS.has(e.code)) return form.setFieldError('to', SEND_ERRORS[e.code]);
        if (BODY_ERRORS.has(e.code)) return form.setFieldError('body', SEND_ERRORS[e.code]);
        if (e.code === 'unknown_sender') return form.setFieldError('from', SEND_ERRORS.unknown_sender);
        if (e.code === 'no_sender_number') return setNoNumber(true);
      }
      setError(applyServerError(form, e) ?? sendErrorMessage(e));
    },
  });

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>New message</Text>} centered size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          setNoNumber(false);
          send.mutate(v);
        })}
      >
        <Stack>
          {(noNumber || noNumbers) && (
            <Alert color="yellow" title="You need a number to text from" data-testid="no-number-alert">
              Get one in{' '}
              <Anchor component={Link} to="/settings/numbers" onClick={close} inherit>
                Settings → Numbers
              </Anchor>
              .
            </Alert>
          )}
          {error && <Alert color="red">{error}</Alert>}
          <Autocomplete
            label="To"
            placeholder="Name or number, e.g. Maria or (415) 555-0142"
            description={picked ? `Texting ${picked}` : 'A contact’s name, or any mobile number'}
            withAsterisk
            data-autofocus
            data={[...suggestions.keys()]}
            filter={({ options }) => options}
            {...form.getInputProps('to')}
            onChange={(v) => {
              const hit = suggestions.get(v);
              setPicked(hit ? hit.name || hit.phone : null);
              form.setFieldValue('to', hit ? hit.phone : v);
            }}
            data-testid="new-message-to"
          />
          {numbers.length > 1 && (
            <Select
              label="From"
              placeholder={formatPhone(numbers[0].phoneNumber)}
              data={numbers.map((n) => ({ value: n.id, label: `${formatPhone(n.phoneNumber)} · ${NUMBER_TYPE_LABELS[n.type] ?? n.type}` }))}
              clearable
              {...form.getInputProps('from')}
              value={form.values.from || null}
              onChange={(v) => form.setFieldValue('from', v ?? '')}
            />
          )}
          <Textarea label="Message" autosize minRows={3} maxRows={8} withAsterisk {...form.getInputProps('body')} />
          <Group justify="space-between">
            <SegmentCounter body={form.values.body} smartEncoding={form.values.smartEncoding} />
            <Checkbox size="xs" label="Smart encoding" {...form.getInputProps('smartEncoding', { type: 'checkbox' })} />
          </Group>
          <Text size="xs" c="dimmed">
            Only text people who agreed to hear from you. Customers who texted STOP cannot be messaged.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={send.isPending}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
