import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { post } from '../api';
import { AuthLayout } from '../components/AuthLayout';
import { applyServerError, required } from '../forms';

export function ForgotPasswordPage() {
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { email: '' }, validate: { email: required('Email') } });
  const request = useMutation({
    mutationFn: (email: string) => post<void>('/v1/auth/password-reset/request', { email }, { ignoreUnauthorized: true }),
    onError: (e) => setError(applyServerError(form, e)),
  });

  const backToSignIn = (
    <Anchor component={Link} to="/signin" size="sm">
      Back to sign in
    </Anchor>
  );

  return (
    <AuthLayout title="Forgot password?" subtitle="We’ll email you a link to choose a new password." footer={backToSignIn}>
      {request.isSuccess ? (
        <Stack>
          <Alert color="green" data-testid="reset-requested">
            If an account exists for that email, we sent a link to reset your password. The link expires soon, so use
            it right away.
          </Alert>
          <Text size="sm" c="dimmed">
            Didn’t get it? Check your spam folder, or{' '}
            <Anchor component="button" type="button" size="sm" onClick={() => request.reset()}>
              try again
            </Anchor>
            .
          </Text>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((v) => {
            setError(null);
            request.mutate(v.email.trim());
          })}
        >
          <Stack>
            {error && (
              <Alert color="red" data-testid="form-error">
                {error}
              </Alert>
            )}
            <TextInput label="Email" type="email" autoComplete="email" autoFocus {...form.getInputProps('email')} />
            <Button type="submit" loading={request.isPending} fullWidth>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
