import { Alert, Button, Group, Modal, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch } from '../../api';
import { applyServerError } from '../../forms';
import { formatPhone } from '../contacts/contactsApi';
import { NUMBERS_KEY } from '../inbox/inboxApi';
import type { KeywordKind, PhoneNumber } from '../inbox/inboxTypes';
import { SegmentCounter } from '../inbox/SegmentCounter';

export const KEYWORD_FIELDS: { kind: KeywordKind; label: string; description: string }[] = [
  { kind: 'opt_out', label: 'STOP reply', description: 'Sent once when a customer texts STOP (or UNSUBSCRIBE, CANCEL, END, QUIT…): they are unsubscribed.' },
  { kind: 'opt_in', label: 'START reply', description: 'Sent when a customer texts START (or YES, UNSTOP) to subscribe again.' },
  { kind: 'help', label: 'HELP reply', description: 'Sent when a customer texts HELP or INFO. {contact} becomes your website.' },
];

const MAX_REPLY = 480;

interface Values {
  mps: number | string;
  opt_out: string;
  opt_in: string;
  help: string;
  twilioSmsUrl: string;
}

/** Throughput and the keyword auto-replies of one number. Empty replies use the standard compliant text. */
export function EditNumberModal({ number, onClose }: { number: PhoneNumber; onClose: () => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const initial: Values = {
    mps: number.mps,
    opt_out: number.keywordReplies.opt_out ?? '',
    opt_in: number.keywordReplies.opt_in ?? '',
    help: number.keywordReplies.help ?? '',
    twilioSmsUrl: number.twilioSmsUrl ?? '',
  };
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      mps: (v) => (typeof v !== 'number' || !(v > 0) ? 'Enter a number of messages per second above 0' : v > 100_000 ? 'At most 100,000' : null),
      twilioSmsUrl: (v) => (v.trim() && !/^https?:\/\/\S+$/i.test(v.trim()) ? 'Enter an http(s) URL, or leave it empty' : null),
      ...Object.fromEntries(
        KEYWORD_FIELDS.map((f) => [
          f.kind,
          (v: string) =>
            v.trim().length > MAX_REPLY
              ? `At most ${MAX_REPLY} characters`
              : v.trim() === '' && initial[f.kind] !== ''
                ? 'Enter a reply (a custom reply cannot be reset to the standard text yet)'
                : null,
        ]),
      ),
    },
  });

  const save = useMutation({
    mutationFn: (v: Values) => {
      const keywordReplies: Partial<Record<KeywordKind, string>> = {};
      for (const f of KEYWORD_FIELDS) {
        const text = v[f.kind].trim();
        if (text && text !== initial[f.kind]) keywordReplies[f.kind] = text;
      }
      return patch<PhoneNumber>(`/v1/numbers/${encodeURIComponent(number.id)}`, {
        ...(v.mps !== number.mps ? { mps: Number(v.mps) } : {}),
        ...(Object.keys(keywordReplies).length ? { keywordReplies } : {}),
        ...(v.twilioSmsUrl.trim() !== initial.twilioSmsUrl ? { twilioSmsUrl: v.twilioSmsUrl.trim() || null } : {}),
      });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: NUMBERS_KEY });
      notifications.show({ color: 'green', message: 'Number settings saved' });
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e, { keywordReplies: 'opt_out' })),
  });

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Edit {formatPhone(number.phoneNumber)}</Text>} centered size="lg">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <NumberInput
            label="Messages per second"
            description="How fast this number may send. Carriers allow about 1 per second on a local number, 3 on toll-free, 100 on a short code."
            min={0.1}
            max={100_000}
            step={1}
            decimalScale={2}
            w={260}
            data-autofocus
            {...form.getInputProps('mps')}
          />
          {KEYWORD_FIELDS.map((f) => (
            <Stack key={f.kind} gap={4}>
              <Textarea
                label={f.label}
                description={f.description}
                placeholder="Standard reply (names your business, says how to opt out and get help)"
                autosize
                minRows={2}
                maxRows={5}
                {...form.getInputProps(f.kind)}
              />
              {form.values[f.kind].trim() !== '' && <SegmentCounter body={form.values[f.kind]} smartEncoding testId={`reply-counter-${f.kind}`} />}
            </Stack>
          ))}
          <TextInput
            label="Twilio-compatible SMS URL"
            description="Code written for Twilio: we post each text to this number here in Twilio's form, signed with X-Twilio-Signature (your Twilio-compatible auth token), and send a TwiML <Message> in the answer as the reply. STOP and HELP stay ours. Leave empty to switch off."
            placeholder="https://example.com/sms"
            {...form.getInputProps('twilioSmsUrl')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
