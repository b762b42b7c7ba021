import { Alert, Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, post } from '../api';
import { onSignedIn, useMe, type AuthResponse } from '../auth';
import { AuthLayout } from '../components/AuthLayout';
import { FullPageLoader } from '../components/FullPage';
import { applyServerError, required } from '../forms';

function retryHint(e: unknown): string | null {
  if (!(e instanceof ApiError) || e.code !== 'too_many_attempts') return null;
  const s = Number(e.details.retryAfterSeconds);
  if (!Number.isFinite(s) || s <= 0) return null;
  return s < 90 ? `Try again in ${Math.ceil(s)} seconds.` : `Try again in about ${Math.ceil(s / 60)} minutes.`;
}

export function SignInPage() {
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [error, setError] = useState<{ message: string; hint: string | null } | null>(null);

  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '' },
    validate: { email: required('Email'), password: required('Password') },
  });

  const login = useMutation({
    mutationFn: (v: typeof form.values) =>
      post<AuthResponse>('/v1/auth/login', { email: v.email.trim(), password: v.password }, { ignoreUnauthorized: true }),
    onSuccess: async (res) => {
      await onSignedIn(qc, res);
      navigate('/inbox', { replace: true });
    },
    onError: (e) => {
      const message = applyServerError(form, e);
      setError(message ? { message, hint: retryHint(e) } : null);
    },
  });

  if (me.isPending) return <FullPageLoader />;
  if (me.data && !login.isPending) return <Navigate to="/inbox" replace />;

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back to West Message."
      footer={
        <>
          New to West Message?{' '}
          <Anchor component={Link} to="/signup" size="sm">
            Create an account
          </Anchor>
        </>
      }
    >
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          login.mutate(v);
        })}
      >
        <Stack>
          {notice && (
            <Alert color="green" data-testid="signin-notice">
              {notice}
            </Alert>
          )}
          {error && (
            <Alert color="red" data-testid="form-error">
              {error.message}
              {error.hint && <div>{error.hint}</div>}
            </Alert>
          )}
          <TextInput label="Email" type="email" autoComplete="email" autoFocus {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" {...form.getInputProps('password')} />
          <Group justify="flex-end" mt={-8}>
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot password?
            </Anchor>
          </Group>
          <Button type="submit" loading={login.isPending} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
