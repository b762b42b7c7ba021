import { Alert, Button, Code, CopyButton, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, get, post } from '../../api';
import type { components } from '../../api-types.gen';
import { ConfirmModal } from '../../components/ConfirmModal';
import { SecretModal, type ShownSecret } from '../../components/SecretModal';
import { formatDate } from '../../policies';

type TwilioSettings = components['schemas']['TwilioSettings'];
type TwilioAuthToken = components['schemas']['TwilioAuthToken'];
const KEY = ['twilio-compat'];

function Copyable({ value, testId }: { value: string; testId: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Code data-testid={testId}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="compact-xs" variant="subtle" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

const sample = (s: TwilioSettings) => `// Twilio's own Node library, pointed at West Message
const twilio = require('twilio');
class WestMessage extends twilio.RequestClient {
  request(opts) {
    return super.request({ ...opts, uri: opts.uri.replace('https://api.twilio.com', '${s.baseUrl}') });
  }
}
// The account SID with one of your API keys (or: the key's SK… SID, the key, { accountSid })
const client = twilio('${s.accountSid}', process.env.WEST_MESSAGE_API_KEY, { httpClient: new WestMessage() });
await client.messages.create({ to: '+12125550123', from: '+14155550100', body: 'Hello!', statusCallback: 'https://example.com/status' });`;

/** Settings → API keys: the Twilio-compatible API (account SID, base URL, auth token shown once, a code sample). */
export function TwilioCompatCard() {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const settings = useQuery({ queryKey: KEY, queryFn: () => get<TwilioSettings>('/v1/twilio-compat') });
  const rotate = useMutation({
    mutationFn: () => post<TwilioAuthToken>('/v1/twilio-compat/auth-token'),
    onSuccess: (t) => {
      setConfirming(false);
      void qc.invalidateQueries({ queryKey: KEY });
      setShown({
        title: 'Twilio-compatible auth token', warningTitle: 'Copy the auth token now',
        warning: 'It is shown only this once. It signs status callbacks and inbound webhooks (X-Twilio-Signature) and works as the password with your account SID. The previous token no longer works.',
        value: t.authToken, copyLabel: 'Copy auth token', testId: 'twilio-auth-token',
      });
    },
  });
  const s = settings.data;
  return (
    <Paper withBorder p="lg" data-testid="twilio-compat-card">
      <Stack gap="sm">
        <Title order={4}>Twilio-compatible API</Title>
        <Text size="sm" c="dimmed">
          Code written for Twilio's Messages API works here: change the base URL and the credentials. HTTP Basic auth: the account SID as the user and an API key (or the auth token) as the password.
        </Text>
        {settings.isPending && <Loader size="sm" aria-label="Loading Twilio-compatible settings" />}
        {settings.isError && <Alert color="red">{errorMessage(settings.error)}</Alert>}
        {s && (
          <>
            <Group gap="xl" align="flex-start">
              <Stack gap={2}>
                <Text size="xs" c="dimmed">Account SID</Text>
                <Copyable value={s.accountSid} testId="twilio-account-sid" />
              </Stack>
              <Stack gap={2}>
                <Text size="xs" c="dimmed">Base URL (instead of https://api.twilio.com)</Text>
                <Copyable value={s.baseUrl} testId="twilio-base-url" />
              </Stack>
            </Group>
            <Group justify="space-between">
              <Text size="sm">
                Auth token: {s.authTokenIssuedAt ? `issued ${formatDate(s.authTokenIssuedAt, true)} (hidden)` : 'not issued yet'}
              </Text>
              <Button size="xs" variant="light" loading={rotate.isPending} onClick={() => (s.authTokenIssuedAt ? setConfirming(true) : rotate.mutate())}>
                {s.authTokenIssuedAt ? 'Rotate auth token' : 'Issue auth token'}
              </Button>
            </Group>
            {rotate.isError && !confirming && <Alert color="red">{errorMessage(rotate.error)}</Alert>}
            <Code block data-testid="twilio-code-sample">{sample(s)}</Code>
          </>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title="Rotate the auth token?"
        confirmLabel="Rotate"
        loading={rotate.isPending}
        error={rotate.error}
        onConfirm={() => rotate.mutate()}
        onClose={() => setConfirming(false)}
      >
        Callbacks will be signed with the new token at once, and anything using the current token as a password stops working.
      </ConfirmModal>
      <SecretModal shown={shown} onClose={() => setShown(null)} />
    </Paper>
  );
}
