import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { encodeBody } from '../src/modules/messaging/encoding.js';
import { CODE_ALPHABET, linkCodeSql } from '../src/modules/links/links.js';
import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, signUp } from './factories.js';

const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const SALE = 'https://shop.example/sale?a=1&b=2';
const BODY = `Hi {{first_name|there}}, sale: ${SALE} and https://shop.example/b. Reply STOP to opt out.`;
const SHORT = /http:\/\/localhost:3000\/l\/([0-9A-Za-z]{12})/g;

describeEachDb('campaign links', (use) => {
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await use().ctx.database.query<T>(text, params)).rows;
  const count = async (table: string, acct: string) => Number((await q<{ n: number }>(`select count(*) n from ${table} where account_id = $1`, [acct]))[0].n);
  let phones = 0;

  /** An account with a number and `n` opted-in contacts tagged `links`. */
  async function account(n = 2) {
    const { client, accountId } = await signUp(use().app);
    const acct = fromPublicId('account', accountId)!;
    expect((await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).statusCode).toBe(201);
    const contacts: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = (await client.post('/v1/contacts', { phone: `+1415556${String(1000 + phones++).padStart(4, '0')}`, tags: ['links'] })).json();
      expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
      contacts.push(c.id);
    }
    return { client, acct, contacts };
  }

  /** Creates, launches and fans out a campaign; its messages by contact. */
  async function send(client: Client, acct: string, extra: Record<string, unknown> = {}) {
    const created = await client.post('/v1/campaigns', { name: 'Links', body: BODY, audience: { tags: ['links'] }, ...extra });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    const campaignId = fromPublicId('campaign', c.id)!;
    await runFanout(use().ctx, { accountId: acct, campaignId });
    const messages = await q<{ contact_id: string; body: string; segments: number; encoding: string }>(
      `select contact_id, body, segments, encoding from messages where account_id = $1 and campaign_id = $2 order by contact_id`, [acct, campaignId]);
    return { campaign: c, campaignId, messages };
  }

  const visit = (env: TestEnv, code: string, o: { method?: 'GET' | 'HEAD'; ua?: string; host?: string; ip?: string } = {}) =>
    env.app.inject({ method: o.method ?? 'GET', url: `/l/${code}`, headers: { 'user-agent': o.ua ?? SAFARI, ...(o.host ? { host: o.host } : {}) }, remoteAddress: o.ip ?? '203.0.113.9' });
  const codesOf = (body: string) => [...body.matchAll(SHORT)].map((m) => m[1]);

  it('shortens every URL per recipient, counts a click per request (time, user agent, no IP), not HEAD or bots, and reports clicks per campaign and link', async () => {
    const env = use();
    const { client, acct, contacts } = await account(2);
    expect((await client.patch('/v1/compliance/settings', { senderId: 'never' })).statusCode).toBe(200); // the text as written
    // The composer's preview already shows the short form, so its count is exact.
    const preview = (await client.post('/v1/messages/preview', { body: BODY, mergeFields: true })).json();
    const { campaign, messages } = await send(client, acct);
    expect(campaign.trackLinks).toBe(true);
    expect(messages).toHaveLength(2);
    const codes = messages.map((m) => codesOf(m.body));
    for (const m of messages) {
      expect(m.body).not.toContain('shop.example');
      expect(m.segments).toBe(encodeBody(m.body).segments);
      // Same text as the preview's, code for code.
      expect(m.body.replace(SHORT, 'X')).toBe(preview.compose.samples[0].text.replace(SHORT, 'X'));
      expect(m.body.length).toBe(preview.compose.samples[0].text.length);
    }
    expect(preview.compose.samples[0].text).not.toContain('shop.example');
    expect(codes.flat()).toHaveLength(4);
    expect(new Set(codes.flat()).size).toBe(4);
    expect(await count('links', acct)).toBe(4);

    // A person's click: 302 naming the destination, one row with the time and user agent, no IP.
    const [first, second] = [codes[0][0], codes[1][0]];
    const res = await visit(env, first);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(SALE);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Redirecting to <a href="https://shop.example/sale?a=1&amp;b=2">');
    const rows = await q<{ user_agent: string; ip: string | null; contact_id: string; clicked_at: Date }>(`select user_agent, ip, contact_id, clicked_at from link_clicks where account_id = $1`, [acct]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_agent: SAFARI, ip: null, contact_id: messages[0].contact_id });
    expect(Math.abs(new Date(rows[0].clicked_at).getTime() - Date.now())).toBeLessThan(60_000);

    // HEAD and link-preview bots still redirect but are not clicks.
    expect((await visit(env, first, { method: 'HEAD' })).statusCode).toBe(302);
    const bot = await visit(env, first, { ua: 'facebookexternalhit/1.1 Facebot Twitterbot/1.0' });
    expect(bot.statusCode).toBe(302);
    expect(bot.headers.location).toBe(SALE);
    expect(await count('link_clicks', acct)).toBe(1);

    // Each request counts once; unique clicks are recipients.
    await visit(env, first);
    await visit(env, second);
    const got = (await client.get(`/v1/campaigns/${campaign.id}`)).json();
    expect(got.stats).toMatchObject({ clicks: 3, uniqueClicks: 2 });
    const perLink = (await client.get(`/v1/campaigns/${campaign.id}/links`)).json();
    expect(perLink.data).toEqual([{ url: SALE, clicks: 3, uniqueClicks: 2 }, { url: 'https://shop.example/b', clicks: 0, uniqueClicks: 0 }]);

    // The account keeps IPs once it says so.
    expect((await client.patch('/v1/links/settings', { trackClickIp: true })).json()).toMatchObject({ trackClickIp: true, trackLinks: true, shortLinkDomain: null });
    await visit(env, codes[1][1], { ip: '198.51.100.7' });
    expect((await q<{ ip: string }>(`select ip from link_clicks where account_id = $1 and code = $2`, [acct, codes[1][1]]))[0].ip).toBe('198.51.100.7');

    // Erasing a contact erases its links and their clicks.
    expect((await client.delete(`/v1/contacts/${contacts.find((c) => fromPublicId('contact', c) === messages[0].contact_id)}`)).statusCode).toBe(204);
    expect(await count('links', acct)).toBe(2);
    expect((await client.get(`/v1/campaigns/${campaign.id}`)).json().stats).toMatchObject({ clicks: 2, uniqueClicks: 1 });
    expect((await visit(env, first)).statusCode).toBe(404);
  });

  it('makes the batch codes in SQL: 12 base62 characters, all distinct, every character in use, another secret other codes', async () => {
    const codesOf = async (secret: string) => ((await use().ctx.db.execute(sql`select ${linkCodeSql(secret, sql`m.id`, sql`u.ord`)} as code
      from (select gen_random_uuid() as id from generate_series(1, 500)) m cross join generate_series(1, 4) as u(ord) order by m.id, u.ord`)) as unknown as { rows: Array<{ code: string }> }).rows.map((r) => r.code);
    const secret = randomBytes(32).toString('hex');
    const codes = await codesOf(secret);
    expect(codes).toHaveLength(2000);
    for (const c of codes) expect(c).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(new Set(codes).size).toBe(2000);
    expect(new Set(codes.join(''))).toEqual(new Set(CODE_ALPHABET)); // 24,000 characters: each of the 62 shows up
    const same = (await use().ctx.db.execute(sql`select ${linkCodeSql(secret, sql`'01890000-0000-7000-8000-000000000001'::uuid`, sql`1`)} as a,
      ${linkCodeSql(secret, sql`'01890000-0000-7000-8000-000000000001'::uuid`, sql`1`)} as b, ${linkCodeSql(randomBytes(32).toString('hex'), sql`'01890000-0000-7000-8000-000000000001'::uuid`, sql`1`)} as c`)) as unknown as { rows: Array<{ a: string; b: string; c: string }> };
    expect(same.rows[0].a).toBe(same.rows[0].b); // the statement's link row and the text's short URL agree
    expect(same.rows[0].c).not.toBe(same.rows[0].a);
  });

  it('answers a forged or unknown code with 404 and writes nothing', async () => {
    const env = use();
    const { acct } = await account(1);
    const before = await q<{ n: number }>(`select (select count(*) from link_clicks) + (select count(*) from links) + (select count(*) from audit_events) + (select count(*) from outbox) as n`);
    for (const code of ['AAAAAAAAAAAA', 'zzzzzzzzzzzz', 'short', 'x'.repeat(100), '..%2F..%2Fetc', '%3Cscript%3E']) {
      const res = await visit(env, code);
      expect(res.statusCode, code).toBe(404);
      expect(res.headers.location).toBeUndefined();
    }
    expect((await visit(env, 'AAAAAAAAAAAA', { method: 'HEAD' })).statusCode).toBe(404);
    const after = await q<{ n: number }>(`select (select count(*) from link_clicks) + (select count(*) from links) + (select count(*) from audit_events) + (select count(*) from outbox) as n`);
    expect(Number(after[0].n)).toBe(Number(before[0].n));
    expect(await count('link_clicks', acct)).toBe(0);
  });

  it('leaves the text as it is when tracking is off (for the campaign, or by the account\'s default)', async () => {
    const { client, acct } = await account(1);
    const { campaign, messages } = await send(client, acct, { trackLinks: false });
    expect(campaign.trackLinks).toBe(false);
    expect(messages[0].body).toContain(SALE);
    expect(messages[0].body).toContain('https://shop.example/b.');
    expect(await count('links', acct)).toBe(0);

    expect((await client.patch('/v1/links/settings', { trackLinks: false })).json().trackLinks).toBe(false);
    const preview = (await client.post('/v1/messages/preview', { body: BODY, mergeFields: true })).json();
    expect(preview.compose.samples[0].text).toContain(SALE);
    expect((await client.post('/v1/messages/preview', { body: BODY, mergeFields: true, trackLinks: true })).json().compose.samples[0].text).not.toContain(SALE);
    const draft = (await client.post('/v1/campaigns', { name: 'Default off', body: BODY, audience: { tags: ['links'] } })).json();
    expect(draft.trackLinks).toBe(false);
  });

  it('counts URLs as the short links they become when refusing a text over 10 segments', async () => {
    const { client } = await account(1);
    expect((await client.patch('/v1/compliance/settings', { senderId: 'never' })).statusCode).toBe(200);
    // 1,512 GSM-7 characters fit 10 segments (1,530); with the URL shortened (36 characters here) they do not.
    const body = `${'A'.repeat(1500)} http://a.co`;
    const tracked = await client.post('/v1/campaigns', { name: 'Long', body, audience: { tags: ['links'] } });
    expect(tracked.statusCode).toBe(422);
    expect(tracked.json().error).toMatchObject({ code: 'body_too_long', details: { worstCase: { segments: 11 } } });
    const plain = await client.post('/v1/campaigns', { name: 'Long', body, audience: { tags: ['links'] }, trackLinks: false });
    expect(plain.statusCode).toBe(201);
    expect((await client.patch(`/v1/campaigns/${plain.json().id}`, { trackLinks: true })).statusCode).toBe(422);
  });

  it("serves an account's own domain by Host header, and only that account's links there", async () => {
    const env = use();
    const a = await account(1);
    const b = await account(1);
    const domain = `go${phones}.shop.example`;
    expect((await a.client.patch('/v1/links/settings', { shortLinkDomain: domain.toUpperCase() })).json()).toMatchObject({ shortLinkDomain: domain, shortLinkBaseUrl: `https://${domain}/l` });
    for (const bad of ['1.2.3.4', 'https://x.example', 'localhost', 'x.example:8080']) {
      expect((await a.client.patch('/v1/links/settings', { shortLinkDomain: bad })).statusCode, bad).toBe(422);
    }
    const taken = await b.client.patch('/v1/links/settings', { shortLinkDomain: domain });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('domain_taken');

    const sentA = await send(a.client, a.acct);
    const own = [...sentA.messages[0].body.matchAll(new RegExp(`https://${domain.replace(/\./g, '\\.')}/l/([0-9A-Za-z]{12})`, 'g'))].map((m) => m[1]);
    expect(own).toHaveLength(2);
    const sentB = await send(b.client, b.acct);
    const platform = codesOf(sentB.messages[0].body);
    expect(platform).toHaveLength(2);

    expect((await visit(env, own[0], { host: `${domain}:443` })).headers.location).toBe(SALE);
    // Not on the platform's host, and B's platform links not on A's domain.
    expect((await visit(env, own[0])).statusCode).toBe(404);
    expect((await visit(env, platform[0], { host: domain })).statusCode).toBe(404);
    expect((await visit(env, platform[0])).statusCode).toBe(302);
    expect(await count('link_clicks', a.acct)).toBe(1);
    expect(await count('link_clicks', b.acct)).toBe(1);

    // Isolation: B reads neither A's links nor A's clicks.
    expect((await b.client.get(`/v1/campaigns/${sentA.campaign.id}/links`)).statusCode).toBe(404);
    expect((await b.client.get(`/v1/campaigns/${sentB.campaign.id}`)).json().stats).toMatchObject({ clicks: 1, uniqueClicks: 1 });
    expect((await b.client.get(`/v1/campaigns/${sentB.campaign.id}/links`)).json().data.map((l: { clicks: number }) => l.clicks)).toEqual([1, 0]);
    // Removing the domain frees it; links already sent on it keep working until another account claims it.
    expect((await a.client.patch('/v1/links/settings', { shortLinkDomain: null })).json().shortLinkDomain).toBeNull();
    expect((await visit(env, own[0], { host: domain })).statusCode).toBe(302);
    expect((await b.client.patch('/v1/links/settings', { shortLinkDomain: domain })).json().shortLinkDomain).toBe(domain);
    expect((await visit(env, own[0], { host: domain })).statusCode).toBe(404);
  });
});
