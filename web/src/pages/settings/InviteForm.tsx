import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../../api';
import { applyServerError, required } from '../../forms';
import type { Invitation } from '../../types';
import { ASSIGNABLE_ROLES, INVITATIONS_KEY, ROLE_HELP } from './teamApi';

export function InviteForm() {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', role: 'agent' as string | null },
    validate: { email: required('Email'), role: (v) => (v ? null : 'Choose a role') },
  });

  const invite = useMutation({
    mutationFn: (v: typeof form.values) => post<Invitation>('/v1/invitations', { email: v.email.trim(), role: v.role }),
    onSuccess: (inv) => {
      form.setFieldValue('email', '');
      void qc.invalidateQueries({ queryKey: INVITATIONS_KEY });
      notifications.show({ color: 'green', message: `Invitation sent to ${inv.email}` });
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  const role = form.values.role;
  return (
    <Paper withBorder p="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          invite.mutate(v);
        })}
      >
        <Stack>
          <Stack gap={2}>
            <Title order={4}>Invite a teammate</Title>
            <Text size="sm" c="dimmed">
              We’ll email them a link to join your team.
            </Text>
          </Stack>
          {error && <Alert color="red">{error}</Alert>}
          <Group align="flex-start" wrap="wrap">
            <TextInput label="Email" type="email" placeholder="name@example.com" style={{ flex: 2, minWidth: 220 }} {...form.getInputProps('email')} />
            <Select
              label="Role"
              data={ASSIGNABLE_ROLES}
              allowDeselect={false}
              description={role ? ROLE_HELP[role] : undefined}
              style={{ flex: 1, minWidth: 160 }}
              {...form.getInputProps('role')}
            />
            <Button type="submit" loading={invite.isPending} mt={25}>
              Invite
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
