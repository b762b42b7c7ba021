import { afterEach, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { CSAT_SEND_JOB } from '../src/modules/conversations/csat.service.js';
import { sendCsatSurvey } from '../src/modules/messaging/csat-send.js';
import { describeEachDb, settle } from './harness.js';
import { signUp, type Client } from './factories.js';

/**
 * CSAT on a controlled clock: a close queues one survey (a job in the close's transaction),
 * texted once through the send path (not to an opted-out number); a reply 1–5 within the
 * window is the closed conversation's score and opens no conversation; anything else, or a late
 * reply, is a normal message; scores reach the report.
 */
describeEachDb('csat', (use) => {
  let realNow: () => Date;
  beforeAll(() => { realNow = use().ctx.now; });
  afterEach(() => { use().ctx.now = realNow; });
  const at = (iso: string) => { use().ctx.now = () => new Date(iso); };
  const q = <T,>(sql: string, params: unknown[]) => use().ctx.database.query<T>(sql, params).then((r) => r.rows);

  async function account(csat: boolean) {
    at('2026-12-04T12:00:00Z');
    const { client, userId } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    if (csat) {
      const s = await client.request('PUT', '/v1/csat-settings', { enabled: true, replyHours: 24 });
      expect(s.json()).toEqual({ enabled: true, question: 'How did we do? Reply 1-5 (5 = great).', replyHours: 24 });
    }
    return { client, userId, number };
  }
  const text = async (c: Client, number: { phoneNumber: string }, from: string, body: string) => {
    const r = await c.post('/v1/simulator/inbound', { from, to: number.phoneNumber, body });
    expect(r.statusCode).toBe(201);
    return r.json().conversationId as string;
  };
  const setState = async (c: Client, id: string, status: string) => expect((await c.patch(`/v1/conversations/${id}`, { status })).statusCode).toBe(200);
  const surveysOf = (id: string) => q<{ id: string; account_id: string; status: string; score: number | null; skip_reason: string | null }>(
    `select id, account_id, status, score, skip_reason from csat_surveys where conversation_id = $1`, [fromPublicId('conversation', id)]);
  const jobsOf = (surveyId: string) => q<{ n: number | string }>(`select count(*) as n from pgboss.job where name = $1 and data->>'surveyId' = $2`, [CSAT_SEND_JOB, surveyId]).then((r) => Number(r[0].n));
  const send = async (id: string) => {
    const [s] = await surveysOf(id);
    return sendCsatSurvey(use().ctx, { accountId: s.account_id, surveyId: s.id });
  };
  const thread = async (c: Client, id: string) => ((await c.get(`/v1/conversations/${id}/messages`)).json().data as Array<{ direction: string; body: string }>).map((m) => [m.direction, m.body]);
  const openIds = async (c: Client) => ((await c.get('/v1/conversations')).json().data as Array<{ id: string }>).map((x) => x.id);

  it('texts the survey once after a close and records a reply 1–5 on the closed conversation without opening a new one', async () => {
    const env = use();
    const { client, userId, number } = await account(true);
    at('2026-12-07T15:00:00Z');
    const id = await text(client, number, '+1 212 555 0121', 'My sink leaks');
    expect((await client.post(`/v1/conversations/${id}/assign`, { userId })).statusCode).toBe(200);
    await client.post(`/v1/conversations/${id}/messages`, { body: 'A plumber is on the way' });
    at('2026-12-07T16:00:00Z');
    await setState(client, id, 'closed');
    const [survey] = await surveysOf(id);
    expect(survey).toMatchObject({ status: 'due', score: null });
    expect(await jobsOf(survey.id)).toBe(1); // queued with the close

    expect(await send(id)).toBe('sent');
    expect(await send(id)).toBe('not_due'); // a job run twice sends once
    await settle(env);
    expect(await thread(client, id)).toEqual([['inbound', 'My sink leaks'], ['outbound', 'A plumber is on the way'], ['outbound', 'How did we do? Reply 1-5 (5 = great).']]);
    expect((await client.get(`/v1/conversations/${id}`)).json()).toMatchObject({ status: 'closed' }); // the survey opened nothing
    expect(await openIds(client)).toEqual([]);

    // Reopened and closed again: still one survey.
    await setState(client, id, 'open');
    await setState(client, id, 'closed');
    expect(await surveysOf(id)).toHaveLength(1);

    at('2026-12-07T18:00:00Z');
    expect(await text(client, number, '+1 212 555 0121', ' 5 ')).toBe(id);
    expect(await openIds(client)).toEqual([]);
    expect((await client.get(`/v1/conversations/${id}/sla`)).json().csat).toEqual({ status: 'answered', score: 5, sentAt: '2026-12-07T16:00:00.000Z', answeredAt: '2026-12-07T18:00:00.000Z' });
    expect((await client.get(`/v1/conversations/${id}`)).json()).toMatchObject({ status: 'closed', needsReply: false });

    // Answered: a second "4" is a normal text (a new conversation).
    const again = await text(client, number, '+1 212 555 0121', '4');
    expect(again).not.toBe(id);
    expect(await openIds(client)).toEqual([again]);
    expect((await surveysOf(id))[0]).toMatchObject({ status: 'answered', score: 5 });

    const report = (await client.get('/v1/reports/sla?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z&groupBy=agent')).json();
    expect(report.totals.csat).toEqual({ responses: 1, average: 5, distribution: [0, 0, 0, 0, 1] });
    expect(report.rows.find((r: { key: string }) => r.key === userId).csat).toEqual({ responses: 1, average: 5, distribution: [0, 0, 0, 0, 1] });
  });

  it('treats an out-of-range or late reply as a normal message, and never texts an opted-out customer', async () => {
    const { client, number } = await account(true);
    at('2026-12-08T15:00:00Z');
    const a = await text(client, number, '+1 212 555 0131', 'Question');
    await setState(client, a, 'closed');
    expect(await send(a)).toBe('sent');
    at('2026-12-08T15:10:00Z');
    const seven = await text(client, number, '+1 212 555 0131', '7');
    expect(seven).not.toBe(a); // a normal message: it opened a conversation
    expect(await thread(client, seven)).toEqual([['inbound', '7']]);
    expect((await surveysOf(a))[0]).toMatchObject({ status: 'sent', score: null });
    // The customer's new conversation is open: a "3" now belongs to it, not to the survey.
    expect(await text(client, number, '+1 212 555 0131', '3')).toBe(seven);
    expect((await surveysOf(a))[0].score).toBeNull();

    const b = await text(client, number, '+1 212 555 0132', 'Hello');
    await setState(client, b, 'closed');
    expect(await send(b)).toBe('sent');
    at('2026-12-09T15:11:00Z'); // 24 h later: past the reply window
    const late = await text(client, number, '+1 212 555 0132', '5');
    expect(late).not.toBe(b);
    expect((await surveysOf(b))[0]).toMatchObject({ status: 'sent', score: null });

    const c = await text(client, number, '+1 212 555 0133', 'STOP');
    await setState(client, c, 'closed');
    expect(await send(c)).toBe('opted_out');
    expect((await surveysOf(c))[0]).toMatchObject({ status: 'skipped', skip_reason: 'opted_out' });
    expect((await thread(client, c)).filter(([d]) => d === 'outbound').map(([, body]) => body)).not.toContain('How did we do? Reply 1-5 (5 = great).');
  });

  it('sends nothing when CSAT is off, nor for a conversation the customer never texted in', async () => {
    const { client, number } = await account(false);
    at('2026-12-10T15:00:00Z');
    const a = await text(client, number, '+1 212 555 0141', 'Hi');
    await setState(client, a, 'closed');
    expect(await surveysOf(a)).toEqual([]);
    expect((await client.get('/v1/csat-settings')).json()).toMatchObject({ enabled: false });

    expect((await client.request('PUT', '/v1/csat-settings', { enabled: true, replyHours: 0 })).statusCode).toBe(422);
    await client.request('PUT', '/v1/csat-settings', { enabled: true });
    const out = (await client.post('/v1/messages', { to: '+1 212 555 0142', body: 'Your appointment is tomorrow' })).json();
    await setState(client, out.conversationId, 'closed');
    expect(await surveysOf(out.conversationId)).toEqual([]);
  });
}, {}, { simulator: true });
