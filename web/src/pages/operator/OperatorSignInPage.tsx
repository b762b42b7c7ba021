import { Alert, Button, Code, Image, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { ApiError, errorMessage, post } from '../../api';
import type { components } from '../../api-types.gen';
import { AuthLayout } from '../../components/AuthLayout';
import { FullPageLoader } from '../../components/FullPage';
import { OPERATOR_ME_KEY, opts, useOperatorMe } from '../../operator';

type Step = components['schemas']['OperatorSignInStep'];
type Enrolment = components['schemas']['OperatorEnrolment'];

function describe(e: unknown): string {
  if (e instanceof ApiError && e.code === 'operator_locked' && typeof e.details.lockedUntil === 'string') {
    return `Too many failed attempts. This operator is locked until ${new Date(e.details.lockedUntil).toLocaleTimeString()}.`;
  }
  return errorMessage(e);
}

/** Operator sign-in: password, then (after enrolment the first time) the code of an authenticator app. */
export function OperatorSignInPage() {
  const me = useOperatorMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step | null>(null);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);

  const signIn = useMutation({
    mutationFn: () => post<Step>('/v1/operator/signin', { email: email.trim(), password }, opts()),
    onSuccess: async (s) => {
      setStep(s);
      if (s.next === 'enrol') setEnrolment(await post<Enrolment>('/v1/operator/signin/enrol', {}, opts()));
    },
  });
  const verify = useMutation({
    mutationFn: () => post('/v1/operator/signin/totp', { code: code.trim() }, opts()),
    onSuccess: async () => {
      qc.removeQueries();
      await qc.invalidateQueries({ queryKey: OPERATOR_ME_KEY });
      navigate('/operator/accounts', { replace: true });
    },
    onError: (e) => {
      setCode('');
      if (e instanceof ApiError && (e.code === 'operator_sign_in_expired' || e.code === 'operator_locked')) setStep(null);
    },
  });

  if (me.isPending) return <FullPageLoader />;
  if (me.data?.via === 'session' && !verify.isPending && !verify.isSuccess) return <Navigate to="/operator/accounts" replace />;

  if (!step) {
    return (
      <AuthLayout title="Operator sign-in" subtitle="Platform staff only. Two-factor authentication is required.">
        <form onSubmit={(e) => { e.preventDefault(); signIn.mutate(); }}>
          <Stack>
            {(signIn.isError || verify.isError) && <Alert color="red">{describe(signIn.error ?? verify.error)}</Alert>}
            <TextInput label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required />
            <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
            <Button type="submit" loading={signIn.isPending}>Continue</Button>
          </Stack>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={step.next === 'enrol' ? 'Set up two-factor authentication' : 'Two-factor authentication'}
      subtitle={step.next === 'enrol' ? 'Scan the code with an authenticator app, then enter the 6-digit code it shows.' : `Hello ${step.name}. Enter the 6-digit code of your authenticator app.`}
    >
      <form onSubmit={(e) => { e.preventDefault(); verify.mutate(); }}>
        <Stack>
          {verify.isError && <Alert color="red">{describe(verify.error)}</Alert>}
          {enrolment && (
            <Stack gap="xs" align="center" data-testid="totp-enrolment">
              <Image src={enrolment.qrDataUrl} alt="QR code of the two-factor secret" w={200} h={200} />
              <Text size="sm" c="dimmed">Or type this secret:</Text>
              <Code data-testid="totp-secret">{enrolment.secret}</Code>
            </Stack>
          )}
          <TextInput
            label="Authentication code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            required
            autoFocus
          />
          <Button type="submit" loading={verify.isPending}>Sign in</Button>
          <Button variant="subtle" onClick={() => { setStep(null); setEnrolment(null); setCode(''); }}>Start again</Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
