import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage, post } from '../api';
import { onSignedIn, type AuthResponse } from '../auth';
import { AuthLayout } from '../components/AuthLayout';

type Confirmed = Omit<AuthResponse, 'csrfToken'> & { csrfToken: string | null; existingLogin: boolean };

/**
 * The link from the sign-up email. A button, not an automatic call: mail scanners that open
 * links must not create accounts.
 */
export function SignUpConfirmPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const qc = useQueryClient();
  const navigate = useNavigate();

  const confirm = useMutation({
    mutationFn: () => post<Confirmed>('/v1/auth/signup/confirm', { token }, { ignoreUnauthorized: true }),
    onSuccess: async (res) => {
      if (res.csrfToken) {
        await onSignedIn(qc, { account: res.account, user: res.user, csrfToken: res.csrfToken });
        navigate('/inbox', { replace: true });
        return;
      }
      navigate('/signin', {
        replace: true,
        state: { notice: `${res.account.name} was added to your existing login. Sign in with your password, then switch to it from the account menu.` },
      });
    },
  });

  const footer = (
    <Anchor component={Link} to="/signup" size="sm">
      Sign up again
    </Anchor>
  );

  if (!token) {
    return (
      <AuthLayout title="Confirm your sign-up" footer={footer}>
        <Alert color="red">This link is incomplete. Open the link from the email again.</Alert>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Confirm your sign-up" subtitle="One step left: confirm that this email address is yours." footer={footer}>
      <Stack>
        {confirm.isError && (
          <Alert color="red" data-testid="form-error">
            {errorMessage(confirm.error)}
          </Alert>
        )}
        <Text size="sm">Confirming creates your business on West Message with the details you entered.</Text>
        <Button onClick={() => confirm.mutate()} loading={confirm.isPending} fullWidth>
          Confirm and create my account
        </Button>
      </Stack>
    </AuthLayout>
  );
}
