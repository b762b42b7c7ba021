/**
 * Inbound MMS media: Twilio serves them under the account's API path and, when the account
 * enforces HTTP auth on media, asks for the account's Basic credentials. They are sent only to
 * the connection's own API host (which then redirects to a CDN, fetched without them).
 */
import type { ConnectionContext } from '../carrier.js';
import { readTwilioConfig } from './config.js';

export function twilioMediaFetchHeaders(ctx: ConnectionContext, url: string): Record<string, string> | undefined {
  const r = readTwilioConfig(ctx.credentials, ctx.settings);
  if (!r.ok) return undefined;
  let origin: string;
  try { origin = new URL(url).origin; } catch { return undefined; }
  if (origin !== r.config.apiBaseUrl) return undefined;
  return { authorization: 'Basic ' + Buffer.from(`${r.config.username}:${r.config.password}`).toString('base64') };
}
