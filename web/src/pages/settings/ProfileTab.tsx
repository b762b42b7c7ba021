import { Alert, Button, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch, post } from '../../api';
import { ME_KEY, useSession } from '../../auth';
import { applyServerError, required } from '../../forms';
import type { Me, User } from '../../types';

function ProfileForm() {
  const { user } = useSession();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [pendingEmail, setPendingEmail] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: user.name, email: user.email, phone: user.phone, currentPassword: '' },
    validate: { name: required('Your name'), email: required('Email'), phone: required('Mobile phone') },
  });
  // A new email or phone needs the current password (the server says so too).
  const sensitive = form.values.email.trim().toLowerCase() !== user.email.toLowerCase() || form.values.phone.trim() !== user.phone;

  const save = useMutation({
    mutationFn: (body: Partial<typeof form.values>) => patch<{ user: User; pendingEmail: string | null }>('/v1/me', body),
    onSuccess: (res) => {
      qc.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, user: { ...old.user, ...res.user } } : old));
      // The email changes only once the link sent to the new address is opened.
      form.setValues({ email: res.user.email, currentPassword: '' });
      form.resetDirty({ name: res.user.name, email: res.user.email, phone: res.user.phone, currentPassword: '' });
      setPendingEmail(res.pendingEmail);
      notifications.show({ color: 'green', message: res.pendingEmail ? `Confirmation sent to ${res.pendingEmail}` : 'Profile saved' });
    },
    onError: (e) => setError(applyServerError(form, e, {}, { invalid_phone: 'phone', password_required: 'currentPassword', wrong_password: 'currentPassword' })),
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        setError(null);
        const body: Partial<typeof v> = {};
        (['name', 'email', 'phone'] as const).forEach((k) => {
          if (v[k].trim() !== user[k]) body[k] = v[k].trim();
        });
        if (sensitive) body.currentPassword = v.currentPassword;
        save.mutate(body);
      })}
    >
      <Stack>
        <Title order={4}>Profile</Title>
        {error && <Alert color="red">{error}</Alert>}
        {pendingEmail && (
          <Alert color="blue" data-testid="email-pending">
            We sent a confirmation link to {pendingEmail}. Your login keeps using {user.email} until you open it.
          </Alert>
        )}
        <TextInput label="Your name" autoComplete="name" {...form.getInputProps('name')} />
        <TextInput label="Email" type="email" autoComplete="email" {...form.getInputProps('email')} />
        <TextInput
          label="Mobile phone"
          type="tel"
          autoComplete="tel"
          description="International format, e.g. +1 415 555 0100"
          {...form.getInputProps('phone')}
        />
        {sensitive && (
          <PasswordInput
            label="Current password"
            description="Needed to change your email or phone"
            autoComplete="current-password"
            {...form.getInputProps('currentPassword')}
          />
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '' },
    validate: { currentPassword: required('Current password'), newPassword: required('New password') },
  });

  const change = useMutation({
    mutationFn: (v: typeof form.values) => post<void>('/v1/auth/password', v),
    onSuccess: () => {
      form.reset();
      notifications.show({ color: 'green', message: 'Password changed' });
    },
    onError: (e) =>
      setError(
        applyServerError(
          form,
          e,
          { password: 'newPassword' },
          { weak_password: 'newPassword', invalid_credentials: 'currentPassword', invalid_password: 'currentPassword' },
        ),
      ),
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        setError(null);
        change.mutate(v);
      })}
    >
      <Stack>
        <Title order={4}>Change password</Title>
        {error && <Alert color="red">{error}</Alert>}
        <PasswordInput label="Current password" autoComplete="current-password" {...form.getInputProps('currentPassword')} />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          description="At least 12 characters"
          {...form.getInputProps('newPassword')}
        />
        <Group>
          <Button type="submit" variant="light" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ProfileTab() {
  return (
    <Stack maw={560} gap="lg">
      <Paper withBorder p="lg">
        <ProfileForm />
      </Paper>
      <Paper withBorder p="lg">
        <ChangePasswordForm />
      </Paper>
    </Stack>
  );
}
