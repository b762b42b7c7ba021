import { Button, Group, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage, post } from '../../api';
import { applyServerError, required } from '../../forms';
import type { ProviderConnection } from '../../types';
import { NUMBERS_KEY } from '../inbox/inboxApi';
import type { PhoneNumber } from '../inbox/inboxTypes';
import { CONNECTIONS_KEY } from './connectionsApi';

/** Attaches a number the carrier account already has to this connection (it then sends through it). */
export function AttachNumberForm({ connection }: { connection: ProviderConnection }) {
  const qc = useQueryClient();
  const form = useForm({ mode: 'controlled', initialValues: { phoneNumber: '' }, validate: { phoneNumber: required('Number') } });
  const attach = useMutation({
    mutationFn: (v: { phoneNumber: string }) => post<PhoneNumber>('/v1/numbers', { connectionId: connection.id, phoneNumber: v.phoneNumber.trim() }),
    onSuccess: (n) => {
      form.reset();
      void qc.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      void qc.invalidateQueries({ queryKey: NUMBERS_KEY });
      notifications.show({ message: `${n.phoneNumber} now sends through ${connection.name}` });
    },
    onError: (e) => {
      const other = applyServerError(form, e);
      if (other) form.setFieldError('phoneNumber', other);
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit((v) => attach.mutate(v))}>
      <Group align="flex-start" gap="xs">
        <TextInput size="xs" placeholder="+1 415 555 0100" aria-label={`Number to attach to ${connection.name}`} {...form.getInputProps('phoneNumber')} />
        <Button size="xs" variant="light" type="submit" loading={attach.isPending}>
          Attach number
        </Button>
      </Group>
    </form>
  );
}

/** Buys a new number through the connection (POST /v1/numbers {connectionId}): Twilio sells one in the account's country, its inbound webhook set to ours. */
export function BuyNumberButton({ connection }: { connection: ProviderConnection }) {
  const qc = useQueryClient();
  const buy = useMutation({
    mutationFn: () => post<PhoneNumber>('/v1/numbers', { connectionId: connection.id }),
    onSuccess: (n) => {
      void qc.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      void qc.invalidateQueries({ queryKey: NUMBERS_KEY });
      notifications.show({ color: 'teal', message: `Bought ${n.phoneNumber} through ${connection.name}` });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Button size="xs" variant="light" loading={buy.isPending} onClick={() => buy.mutate()} aria-label={`Buy a number through ${connection.name}`}>
      Buy a number
    </Button>
  );
}
