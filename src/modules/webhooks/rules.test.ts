import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { publicData, webhookBody } from './events.js';
import { MAX_ATTEMPTS, nextAttemptAt, outcomeOf, retryAfterMs } from './retry.js';
import { newSecret, sign, signedHeaders } from './signing.js';

const now = new Date('2026-01-01T00:00:00Z');

describe('retry schedule', () => {
  it.each([
    [1, null, 5_000], [2, null, 300_000], [3, null, 1_800_000], [4, null, 7_200_000], [5, null, 18_000_000], [6, null, 36_000_000], [7, null, 36_000_000],
    [1, '120', 120_000], [2, '1', 300_000], [1, 'Thu, 01 Jan 2026 00:10:00 GMT', 600_000], [1, 'soon', 5_000], [1, '999999999', 86_400_000],
  ])('after %i failed attempts (Retry-After %s) → +%i ms', (attempts, retryAfter, ms) => {
    expect(nextAttemptAt(attempts, now, retryAfter)!.getTime() - now.getTime()).toBe(ms);
  });
  it('stops after 8 attempts', () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(nextAttemptAt(8, now, null)).toBeNull();
  });
  it.each([
    [200, 1, 'succeeded'], [204, 8, 'succeeded'], [410, 1, 'gone'], [500, 1, 'retry'], [429, 3, 'retry'], [301, 1, 'retry'], [null, 1, 'retry'], [500, 8, 'failed'], [null, 8, 'failed'],
  ] as const)('status %s at attempt %i → %s', (status, attempts, outcome) => {
    expect(outcomeOf(status, attempts)).toBe(outcome);
  });
  it.each([[null, null], ['', null], ['0', 0], ['Wed, 31 Dec 2025 23:00:00 GMT', 0], ['12abc', null]])('Retry-After %s → %s ms', (v, ms) => {
    expect(retryAfterMs(v, now)).toBe(ms);
  });
});

describe('Standard Webhooks signing', () => {
  it('signs as the reference library verifies, with every secret of a rotation', () => {
    const [a, b] = [newSecret(), newSecret()];
    const body = JSON.stringify({ type: 'webhook.test', data: { n: 1 } });
    const ts = Math.floor(Date.now() / 1000);
    const headers = signedHeaders([a, b], 'whmsg_1', ts, body);
    expect(headers['webhook-signature'].split(' ')).toEqual([sign(a, 'whmsg_1', ts, body), sign(b, 'whmsg_1', ts, body)]);
    for (const s of [a, b]) expect(new Webhook(s).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(a).verify(`${body} `, headers)).toThrow();
  });
  it('matches the spec example', () => {
    // From the Standard Webhooks specification's test vectors.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});

describe('public event shapes', () => {
  const uuid = '0190a5d2-3b4c-7d8e-9f00-112233445566';
  it.each([
    [{ conversationId: uuid }, { conversationId: expect.stringMatching(/^cv_/) }],
    [{ contactId: uuid, source: 'keyword' }, { contactId: expect.stringMatching(/^ct_/), source: 'keyword' }],
    [{ mentionedUserIds: [uuid] }, { mentionedUserIds: [expect.stringMatching(/^usr_/)] }],
    [{ secretThing: uuid, keep: 1 }, { keep: 1 }],
    [{ campaignId: 'cmp_01h455vb4pex5vsknk084sn02q' }, { campaignId: 'cmp_01h455vb4pex5vsknk084sn02q' }],
    [{ nested: { teamId: uuid } }, { nested: { teamId: expect.stringMatching(/^team_/) } }],
  ])('%j → %j', (input, out) => {
    expect(publicData(input)).toEqual(out);
  });
  it('publishes only listed types and keeps erased payloads erased', () => {
    const at = new Date();
    expect(webhookBody({ type: 'contact.viewed', subjectId: null, payload: {}, createdAt: at }, null)).toBeNull();
    expect(webhookBody({ type: 'message.received', subjectId: uuid, payload: { erased: true }, createdAt: at }, null)).toEqual({ type: 'message.received', timestamp: at.toISOString(), data: { erased: true } });
  });
});
