import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage, post } from '../api';
import { ME_KEY } from '../auth';
import { AuthLayout } from '../components/AuthLayout';

/** The link mailed to a new email address: applies the change (works signed in or not). */
export function ConfirmEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const qc = useQueryClient();

  const confirm = useMutation({
    mutationFn: () => post<{ email: string }>('/v1/auth/email-change/confirm', { token }, { ignoreUnauthorized: true }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ME_KEY }),
  });

  const footer = (
    <Anchor component={Link} to="/signin" size="sm">
      Go to sign in
    </Anchor>
  );

  return (
    <AuthLayout title="Confirm your new email address" footer={footer}>
      <Stack>
        {!token && <Alert color="red">This link is incomplete. Open the link from the email again.</Alert>}
        {confirm.isError && (
          <Alert color="red" data-testid="form-error">
            {errorMessage(confirm.error)}
          </Alert>
        )}
        {confirm.isSuccess ? (
          <Alert color="green" data-testid="email-changed">
            Your login now uses {confirm.data.email}. Sign in with it from now on.
          </Alert>
        ) : (
          token && (
            <>
              <Text size="sm">Confirm to use this address for your West Message login.</Text>
              <Button onClick={() => confirm.mutate()} loading={confirm.isPending} fullWidth>
                Use this email address
              </Button>
            </>
          )
        )}
      </Stack>
    </AuthLayout>
  );
}
