import { Alert, Button, Group, List, Modal, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, post } from '../../api';
import { useSession } from '../../auth';
import { ACCOUNT_DELETION_KEY, deletionDate, useAccountDeletion, type AccountDeletion } from './accountDeletionApi';

/**
 * Settings → Account: deleting the whole account. The owner confirms with their password; the
 * account is erased after a grace period (cancelable until then, with reminders by email).
 */
export function AccountTab() {
  const { user } = useSession();
  const isOwner = user.role === 'owner';
  const state = useAccountDeletion();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  const request = useMutation({
    mutationFn: () => post<AccountDeletion>('/v1/account/deletion', { password }),
    onSuccess: (res) => {
      qc.setQueryData(ACCOUNT_DELETION_KEY, res);
      setOpen(false);
      setPassword('');
      notifications.show({ color: 'orange', message: `The account will be deleted on ${deletionDate(res.scheduledFor)}` });
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const cancel = useMutation({
    mutationFn: () => del('/v1/account/deletion'),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ACCOUNT_DELETION_KEY });
      notifications.show({ color: 'green', message: 'The deletion was canceled' });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  const pending = state.data?.pending ?? false;
  return (
    <Paper withBorder p="lg" maw={720}>
      <Stack>
        <Title order={3}>Delete account</Title>
        {pending ? (
          <Alert color="red" title="This account is scheduled for deletion">
            <Stack gap="xs">
              <Text size="sm">Everything in it will be erased on {deletionDate(state.data?.scheduledFor ?? null)}.</Text>
              {isOwner && (
                <Group>
                  <Button color="gray" variant="default" loading={cancel.isPending} onClick={() => cancel.mutate()}>
                    Cancel the deletion
                  </Button>
                </Group>
              )}
            </Stack>
          </Alert>
        ) : (
          <>
            <Text size="sm">Deleting the account erases, after a grace period, everything in it:</Text>
            <List size="sm">
              <List.Item>contacts, messages, conversations, campaigns, imports and uploaded files, media, exports;</List.Item>
              <List.Item>the team's memberships, API keys and the audit log; logins that belong to no other account;</List.Item>
              <List.Item>kept: consent evidence as keyed hashes for 4 years (to answer a dispute), and a certificate of the erasure.</List.Item>
            </List>
            {isOwner ? (
              <Group>
                <Button color="red" onClick={() => { setError(null); setOpen(true); }}>
                  Delete account
                </Button>
              </Group>
            ) : (
              <Alert color="gray">Only the owner can delete the account.</Alert>
            )}
          </>
        )}
      </Stack>
      <Modal opened={open} onClose={() => setOpen(false)} title="Delete this account?">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            request.mutate();
          }}
        >
          <Stack>
            <Text size="sm">
              The account will be erased after the grace period; until then you can cancel here. Owners and admins get reminders by email.
            </Text>
            {error && <Alert color="red">{error}</Alert>}
            <PasswordInput label="Your password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-autofocus autoComplete="current-password" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>Keep the account</Button>
              <Button type="submit" color="red" loading={request.isPending} disabled={!password}>
                Delete account
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
