import { useQuery } from '@tanstack/react-query';
import { get } from '../../api';
import type { Page, ProviderConnection } from '../../types';

export const CONNECTIONS_KEY = ['provider-connections'] as const;
export const useConnections = () => useQuery({ queryKey: CONNECTIONS_KEY, queryFn: () => get<Page<ProviderConnection>>('/v1/provider-connections') });

export type Kind = ProviderConnection['kind'];
export const KIND_LABELS: Record<Kind, string> = { twilio: 'Twilio', smpp: 'SMPP', simulator: 'Simulator' };
export const STATUS_COLORS: Record<ProviderConnection['status'], string> = { connected: 'green', error: 'red', disabled: 'gray' };
export const STATUS_LABELS: Record<ProviderConnection['status'], string> = { connected: 'Connected', error: 'Error', disabled: 'Disabled' };

/** The form's fields, flat; `credentialsOf` / `settingsOf` build the request per kind. */
export interface ConnectionValues {
  kind: Kind;
  name: string;
  twilioAuth: 'token' | 'apiKey';
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  webhookAuthToken: string;
  apiBaseUrl: string;
  messagingServiceSid: string;
  systemId: string;
  password: string;
  host: string;
  port: string;
  systemType: string;
  window: string;
  tls: boolean;
}

export const EMPTY_CONNECTION: ConnectionValues = {
  kind: 'twilio', name: '', twilioAuth: 'token', accountSid: '', authToken: '', apiKeySid: '', apiKeySecret: '', webhookAuthToken: '', apiBaseUrl: '',
  messagingServiceSid: '', systemId: '', password: '', host: '', port: '2775', systemType: '', window: '50', tls: false,
};

const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());

export function credentialsOf(v: ConnectionValues): Record<string, string> {
  if (v.kind === 'twilio') {
    return v.twilioAuth === 'token'
      ? { accountSid: v.accountSid.trim(), authToken: v.authToken }
      : { accountSid: v.accountSid.trim(), apiKeySid: v.apiKeySid.trim(), apiKeySecret: v.apiKeySecret, ...(v.webhookAuthToken ? { webhookAuthToken: v.webhookAuthToken } : {}) };
  }
  if (v.kind === 'smpp') return { systemId: v.systemId.trim(), password: v.password };
  return {};
}

export function settingsOf(v: ConnectionValues): Record<string, unknown> {
  if (v.kind === 'twilio') return { apiBaseUrl: opt(v.apiBaseUrl), messagingServiceSid: opt(v.messagingServiceSid) };
  if (v.kind === 'smpp') {
    return { host: v.host.trim(), port: Number(v.port), systemType: opt(v.systemType), window: v.window.trim() ? Number(v.window) : undefined, tls: v.tls || undefined };
  }
  return {};
}
