import { Alert, Anchor, Button, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage, get, post } from '../api';
import { onSignedIn, type AuthResponse } from '../auth';
import { AuthLayout } from '../components/AuthLayout';
import { applyServerError, required } from '../forms';
import { ROLE_LABELS, type InvitationLookup } from '../types';

const withArticle = (word: string) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word.toLowerCase()}`;

const CODE_MAP = { weak_password: 'password', invalid_phone: 'phone', wrong_password: 'password' };

export function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);

  const lookup = useQuery({
    queryKey: ['invitation-lookup', token],
    queryFn: () =>
      get<InvitationLookup>(`/v1/invitations/lookup?token=${encodeURIComponent(token)}`, { ignoreUnauthorized: true }),
    enabled: token !== '',
    retry: false,
  });

  const existingLogin = lookup.data?.existingLogin === true;
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', phone: '', password: '' },
    validate: {
      // A person who already has a login joins with its password alone.
      name: (v) => (existingLogin ? null : required('Name')(v)),
      phone: (v) => (existingLogin ? null : required('Mobile phone')(v)),
      password: required('Password'),
    },
  });

  const accept = useMutation({
    mutationFn: (v: typeof form.values) =>
      post<AuthResponse>(
        '/v1/invitations/accept',
        existingLogin ? { token, password: v.password } : { token, name: v.name.trim(), phone: v.phone.trim(), password: v.password },
        { ignoreUnauthorized: true },
      ),
    onSuccess: async (res) => {
      await onSignedIn(qc, res);
      navigate('/inbox', { replace: true });
    },
    onError: (e) => setError(applyServerError(form, e, {}, CODE_MAP)),
  });

  const footer = (
    <Anchor component={Link} to="/signin" size="sm">
      Already have an account? Sign in
    </Anchor>
  );

  if (!token || lookup.isError) {
    return (
      <AuthLayout title="Join your team" footer={footer}>
        <Alert color="red" title="This invitation can’t be used">
          {token ? errorMessage(lookup.error) : 'The invitation link is incomplete.'} Ask your administrator to send a
          new invitation.
        </Alert>
      </AuthLayout>
    );
  }

  if (lookup.isPending) {
    return (
      <AuthLayout title="Join your team" footer={footer}>
        <Loader aria-label="Loading invitation" />
      </AuthLayout>
    );
  }

  const inv = lookup.data;
  return (
    <AuthLayout
      title={`Join ${inv.accountName}`}
      subtitle={
        <>
          You’ve been invited to West Message as {withArticle(ROLE_LABELS[inv.role] ?? inv.role)}.
        </>
      }
      footer={footer}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          accept.mutate(v);
        })}
      >
        <Stack>
          {error && (
            <Alert color="red" data-testid="form-error">
              {error}
            </Alert>
          )}
          <TextInput label="Email" value={inv.email} readOnly disabled />
          {existingLogin ? (
            <>
              <Text size="sm" data-testid="existing-login-note">
                You already have a West Message login. Enter its password to add {inv.accountName} to your accounts.
              </Text>
              <PasswordInput label="Password" autoComplete="current-password" autoFocus {...form.getInputProps('password')} />
            </>
          ) : (
            <>
              <TextInput label="Name" autoComplete="name" autoFocus {...form.getInputProps('name')} />
              <TextInput
                label="Mobile phone"
                type="tel"
                autoComplete="tel"
                description="International format, e.g. +1 415 555 0100"
                {...form.getInputProps('phone')}
              />
              <PasswordInput
                label="Password"
                autoComplete="new-password"
                description="At least 12 characters"
                {...form.getInputProps('password')}
              />
            </>
          )}
          <Text size="xs" c="dimmed">
            By accepting, you agree to the{' '}
            <Anchor href="/legal/terms" target="_blank" rel="noopener noreferrer" inherit>
              Terms of Service
            </Anchor>{' '}
            and{' '}
            <Anchor href="/legal/privacy" target="_blank" rel="noopener noreferrer" inherit>
              Privacy Policy
            </Anchor>
            .
          </Text>
          <Button type="submit" loading={accept.isPending} fullWidth>
            Accept invitation
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
