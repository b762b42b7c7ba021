import { Alert, Anchor, Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, post } from '../../api';
import { applyServerError, required } from '../../forms';
import { formatPhone, PHONE_PROBLEMS } from '../contacts/contactsApi';
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

/** Start a conversation: POST /v1/messages, then open the conversation it landed in. */
export function NewMessageModal({ opened, onClose, numbers, noNumbers }: { opened: boolean; onClose: () => void; numbers: PhoneNumber[]; noNumbers: boolean }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [noNumber, setNoNumber] = useState(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { to: '', from: '', body: '', smartEncoding: false },
    validate: { to: required('To'), body: (v) => (v.trim() === '' ? SEND_ERRORS.empty_body : null) },
  });

  const close = () => {
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
          <TextInput label="To" placeholder="(415) 555-0142" description="The customer’s mobile number" withAsterisk data-autofocus {...form.getInputProps('to')} />
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
