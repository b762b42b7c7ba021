import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, del, errorMessage } from '../../api';
import type { components } from '../../api-types.gen';
import { formatPhone } from '../contacts/contactsApi';
import { NUMBERS_KEY } from '../inbox/inboxApi';
import type { PhoneNumber } from '../inbox/inboxTypes';

type Released = components['schemas']['ReleasedNumber'];

/**
 * Releases a number (DELETE /v1/numbers/:id) after a confirmation that says what happens to it. When texts
 * are still waiting to go from it the server refuses (409 number_has_queued_messages) and the modal asks
 * again, naming how many texts the release would cancel.
 */
export function ReleaseNumberModal({ number, onClose }: { number: PhoneNumber; onClose: () => void }) {
  const qc = useQueryClient();
  const [queued, setQueued] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const bought = number.origin === 'provisioned';
  const release = useMutation({
    mutationFn: (cancelQueued: boolean) => del<Released>(`/v1/numbers/${number.id}${cancelQueued ? '?cancelQueued=true' : ''}`),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: NUMBERS_KEY });
      notifications.show({
        color: 'teal',
        message: `${formatPhone(r.phoneNumber)} released${r.canceled ? `; ${r.canceled.toLocaleString()} waiting text${r.canceled === 1 ? '' : 's'} canceled` : ''}.`,
      });
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'number_has_queued_messages' && typeof e.details.queued === 'number') {
        setQueued(e.details.queued);
        setError(null);
      } else setError(errorMessage(e));
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Release ${formatPhone(number.phoneNumber)}?`} centered>
      <Stack gap="sm">
        <Text size="sm">
          You will no longer send from this number, texts to it will no longer reach you, and it stops counting on your bill.
        </Text>
        <Text size="sm" c="dimmed" data-testid="release-carrier-note">
          {bought
            ? 'It was bought through West Message: it goes back to the carrier and may not be available to get again.'
            : 'It stays yours at your carrier; you can attach it again later.'}
        </Text>
        {queued !== null && (
          <Alert color="orange" data-testid="release-queued">
            {queued.toLocaleString()} text{queued === 1 ? ' is' : 's are'} still waiting to be sent from this number. Releasing it cancels {queued === 1 ? 'it' : 'them'}.
          </Alert>
        )}
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button color="red" loading={release.isPending} onClick={() => release.mutate(queued !== null)} data-testid="release-confirm">
            {queued !== null ? `Cancel ${queued.toLocaleString()} and release` : 'Release number'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
