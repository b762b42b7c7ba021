import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, post } from '../api';
import { AuthLayout } from '../components/AuthLayout';
import { applyServerError, required } from '../forms';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { password: '' },
    validate: { password: required('New password') },
  });

  const confirm = useMutation({
    mutationFn: (password: string) =>
      post<void>('/v1/auth/password-reset/confirm', { token, password }, { ignoreUnauthorized: true }),
    onSuccess: () =>
      navigate('/signin', {
        replace: true,
        state: { notice: 'Your password has been changed. Sign in with your new password.' },
      }),
    onError: (e) => setError(applyServerError(form, e, {}, { weak_password: 'password' })),
  });

  const footer = (
    <Anchor component={Link} to="/signin" size="sm">
      Back to sign in
    </Anchor>
  );

  if (!token) {
    return (
      <AuthLayout title="Set a new password" footer={footer}>
        <Alert color="red">
          This reset link is incomplete. Open the link from the email again, or{' '}
          <Anchor component={Link} to="/forgot-password" inherit>
            request a new one
          </Anchor>
          .
        </Alert>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Set a new password" subtitle="Choose a new password for your account." footer={footer}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          confirm.mutate(v.password);
        })}
      >
        <Stack>
          {error && (
            <Alert color="red" data-testid="form-error">
              {error}{' '}
              {confirm.error instanceof ApiError && confirm.error.code === 'invalid_token' && (
                <Anchor component={Link} to="/forgot-password" inherit>
                  Request a new link
                </Anchor>
              )}
            </Alert>
          )}
          <PasswordInput
            label="New password"
            description="At least 12 characters"
            autoComplete="new-password"
            autoFocus
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={confirm.isPending} fullWidth>
            Set new password
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
