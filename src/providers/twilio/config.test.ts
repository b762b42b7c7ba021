import { describe, expect, it } from 'vitest';
import { readTwilioConfig, resendsUnknownOutcome } from './config.js';

const AC = 'AC' + 'a'.repeat(32);
const SK = 'SK' + 'b'.repeat(32);
const MG = 'MG' + 'c'.repeat(32);

describe('Twilio credentials and settings', () => {
  it.each([
    ['auth token', { accountSid: AC, authToken: 't' }, {}, { username: AC, password: 't', apiBaseUrl: 'https://api.twilio.com', concurrency: 20, timeoutMs: 15_000, messagingServiceSid: null, retryUnknownOutcome: false }],
    ['API key (+ webhookAuthToken)', { accountSid: AC, apiKeySid: SK, apiKeySecret: 's', webhookAuthToken: 't' }, {}, { username: SK, password: 's' }],
    ['API key + auth token', { accountSid: AC, authToken: 't', apiKeySid: SK, apiKeySecret: 's' }, {}, { username: SK, password: 's' }],
    ['settings', { accountSid: AC, authToken: 't' }, { apiBaseUrl: 'http://127.0.0.1:9999/ignored/path', concurrency: '5', timeoutMs: 500, messagingServiceSid: MG, retryUnknownOutcome: true },
      { apiBaseUrl: 'http://127.0.0.1:9999', concurrency: 5, timeoutMs: 500, messagingServiceSid: MG, retryUnknownOutcome: true }],
  ])('%s', (_n, credentials, settings, want) => {
    const r = readTwilioConfig(credentials as Record<string, string>, settings);
    expect(r.ok && r.config).toMatchObject(want);
  });

  it.each([
    ['no account sid', { authToken: 't' }, {}, /accountSid/],
    ['a malformed account sid', { accountSid: 'AC123', authToken: 't' }, {}, /accountSid/],
    ['no secret at all', { accountSid: AC }, {}, /authToken/],
    ['an API key without its secret', { accountSid: AC, apiKeySid: SK, webhookAuthToken: 't' }, {}, /apiKeySecret/],
    ['an API key without a token to verify webhooks', { accountSid: AC, apiKeySid: SK, apiKeySecret: 's' }, {}, /webhookAuthToken/],
    ['a bad messaging service', { accountSid: AC, authToken: 't' }, { messagingServiceSid: 'PN123' }, /messagingServiceSid/],
    ['a non-http base URL', { accountSid: AC, authToken: 't' }, { apiBaseUrl: 'file:///etc/passwd' }, /apiBaseUrl/],
    ['concurrency 0', { accountSid: AC, authToken: 't' }, { concurrency: 0 }, /concurrency/],
    ['a fractional timeout', { accountSid: AC, authToken: 't' }, { timeoutMs: 1.5 }, /timeoutMs/],
  ])('refuses %s', (_n, credentials, settings, problem) => {
    const r = readTwilioConfig(credentials as Record<string, string>, settings);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.join(' ')).toMatch(problem);
  });

  // The dispatcher journals a Twilio connection's hand-overs (at most once) unless these settings resend unknown outcomes.
  it.each([
    [{}, false], [{ retryUnknownOutcome: false }, false], [{ retryUnknownOutcome: 'true' }, false], [{ retryUnknownOutcome: true }, true],
  ])('resendsUnknownOutcome(%j) is %s', (settings, want) => {
    expect(resendsUnknownOutcome(settings)).toBe(want);
  });
});
