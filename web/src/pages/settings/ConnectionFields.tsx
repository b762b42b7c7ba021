import { Checkbox, Group, PasswordInput, SegmentedControl, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ConnectionValues } from './connectionsApi';

type Form = UseFormReturnType<ConnectionValues>;

/** Credential inputs of the chosen kind. Secrets are password inputs and are never shown again. */
export function CredentialFields({ form }: { form: Form }) {
  const v = form.getValues();
  if (v.kind === 'twilio') {
    return (
      <>
        <SegmentedControl
          data={[{ value: 'token', label: 'Use auth token' }, { value: 'apiKey', label: 'Use API key' }]}
          {...form.getInputProps('twilioAuth')}
          aria-label="Twilio authentication"
        />
        <TextInput label="Account SID" placeholder="AC…" autoComplete="off" {...form.getInputProps('accountSid')} />
        {v.twilioAuth === 'token' ? (
          <PasswordInput label="Auth token" autoComplete="new-password" {...form.getInputProps('authToken')} />
        ) : (
          <>
            <Group grow align="flex-start">
              <TextInput label="API key SID" placeholder="SK…" autoComplete="off" {...form.getInputProps('apiKeySid')} />
              <PasswordInput label="API key secret" autoComplete="new-password" {...form.getInputProps('apiKeySecret')} />
            </Group>
            <PasswordInput
              label="Webhook auth token"
              description="The account's auth token: Twilio signs its callbacks with it, so we can verify them"
              autoComplete="new-password"
              {...form.getInputProps('webhookAuthToken')}
            />
          </>
        )}
      </>
    );
  }
  if (v.kind === 'smpp') {
    return (
      <Group grow align="flex-start">
        <TextInput label="System ID" autoComplete="off" {...form.getInputProps('systemId')} />
        <PasswordInput label="Password" autoComplete="new-password" {...form.getInputProps('password')} />
      </Group>
    );
  }
  return null;
}

/** Settings of the chosen kind (nothing secret). */
export function SettingsFields({ form }: { form: Form }) {
  const v = form.getValues();
  if (v.kind === 'twilio') {
    return (
      <Group grow align="flex-start">
        <TextInput label="API base URL" description="Leave empty for Twilio's API" placeholder="https://api.twilio.com" {...form.getInputProps('apiBaseUrl')} />
        <TextInput label="Messaging Service SID" description="Optional: send through it instead of a From number" placeholder="MG…" {...form.getInputProps('messagingServiceSid')} />
      </Group>
    );
  }
  if (v.kind === 'smpp') {
    return (
      <>
        <Group grow align="flex-start">
          <TextInput label="Host" placeholder="smsc.example.net" {...form.getInputProps('host')} />
          <TextInput label="Port" inputMode="numeric" {...form.getInputProps('port')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="System type" description="Optional" {...form.getInputProps('systemType')} />
          <TextInput label="Window" description="Messages in flight (1–500)" inputMode="numeric" {...form.getInputProps('window')} />
        </Group>
        <Checkbox label="Use TLS" {...form.getInputProps('tls', { type: 'checkbox' })} />
      </>
    );
  }
  return null;
}
