// MMS end to end, on both databases, against the Twilio-shaped peer in its own process
// (test/peers/twilio-server.ts): sends with media reach the peer as MediaUrl fields it can fetch
// (signed, expiring URLs under PUBLIC_URL), refusals at send time have specific codes, and a
// customer's media are fetched through the address guard, kept, listed, and erased with the contact.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { stopCarrierConnections } from '../src/modules/messaging/carrier-connections.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { carrierMediaUrl } from '../src/modules/media/media.service.js';
import { MAX_MESSAGE_MEDIA_BYTES } from '../src/modules/media/media-rules.js';
import { DB_KINDS, startTestEnv, type TestEnv } from './harness.js';
import { signUp, type SignedUp } from './factories.js';
import { freePort } from './proc.js';
import { startTwilioPeer, type TwilioPeer } from './peers/twilio-peer.js';

const AC = 'AC' + 'c3'.repeat(16);
const TOKEN = 'mms-peer-auth-token';
const TO = '+14155550123';
let numbers = 0;
const nextNumber = () => `+1512555${String(200 + (numbers++ % 700)).padStart(4, '0')}`;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600, 7)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(300, 3)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(900, 9)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let peer: TwilioPeer;
let api = '';
const admin = (path: string, body: unknown = {}) => peer.admin(path, body);
const ledger = () => peer.ledger();
const serveAtPeer = (files: Record<string, { contentType: string; bytes: Buffer }>) => peer.serve(files);

function multipart(name: string, contentType: string, bytes: Buffer) {
  const boundary = `----wm${Math.random().toString(36).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (a: SignedUp, name: string, contentType: string, bytes: Buffer) => {
  const m = multipart(name, contentType, bytes);
  return a.client.request('POST', '/v1/media', m.body, m.headers);
};

beforeAll(async () => {
  peer = await startTwilioPeer();
  api = peer.api;
}, 30_000);
afterAll(() => {
  peer?.stop();
});

for (const kind of DB_KINDS) {
  describe(`MMS through a Twilio connection [${kind}]`, () => {
    let env: TestEnv;
    let stop: () => Promise<void>;
    let base = '';

    beforeAll(async () => {
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        base = `http://127.0.0.1:${port}`;
        // Media URLs may reach the peer on 127.0.0.1 (the operator allows that host); every other private address is refused.
        // MEDIA_HOSTS_ONLY keeps every fetch on this machine; the two private addresses are named so that the
        // address check (not the host list) refuses them — before any connection is made.
        ({ env, stop } = await startTestEnv(kind, {
          PUBLIC_URL: base, MEDIA_HOSTS_ALLOWED: '127.0.0.1', MEDIA_FETCH_TIMEOUT_MS: '5000', MEDIA_HOSTS_ONLY: '127.0.0.1,localhost,::1,10.0.0.1,169.254.169.254',
        }));
        try {
          await env.app.listen({ port, host: '127.0.0.1' });
          return;
        } catch (err) {
          await stop();
          if ((err as { code?: string }).code !== 'EADDRINUSE' || attempt >= 5) throw err;
        }
      }
    }, 60_000);
    afterAll(async () => {
      await stopCarrierConnections(env.ctx);
      await stop?.();
    }, 60_000);

    async function twilioAccount(from: string) {
      const a = await signUp(env.app);
      const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } })).json();
      expect(conn.status).toBe('connected');
      const n = await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 50 });
      expect(n.statusCode, n.body).toBe(201);
      return { a, conn };
    }

    it('sends uploaded and fetched images as MediaUrl the peer fetches; the URLs are signed, expiring, and refused when forged', async () => {
      const { ctx } = env;
      const from = nextNumber();
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      await serveAtPeer({ 'photo.png': { contentType: 'image/png', bytes: PNG } });
      const { a } = await twilioAccount(from);

      const up = await upload(a, 'logo.gif', 'image/png' /* a wrong declared type: the bytes decide */, GIF);
      expect(up.statusCode, up.body).toBe(201);
      const gif = up.json();
      expect(gif).toMatchObject({ contentType: 'image/gif', size: GIF.length, url: `/v1/media/${gif.id}`, error: null });

      const sent = await a.client.post('/v1/messages', { from, to: TO, body: 'Your order, attached', mediaUrls: [`${api}/__cdn/photo.png`], mediaIds: [gif.id] });
      expect(sent.statusCode, sent.body).toBe(201);
      const m = sent.json();
      expect(m.segments).toBe(1);
      expect(m.media.map((x: any) => [x.contentType, x.size])).toEqual([['image/gif', GIF.length], ['image/png', PNG.length]]);
      expect((await a.client.get(`/v1/messages/${m.id}`)).json().media).toEqual(m.media);

      expect(await dispatchOnce(ctx)).toBe(1);
      const [got] = (await ledger()).messages;
      expect(got.sid.startsWith('MM')).toBe(true);
      expect(got.body).toBe('Your order, attached');
      expect(got.mediaUrls).toHaveLength(2);
      for (const u of got.mediaUrls) expect(u).toMatch(new RegExp(`^${base}/media/acct_[0-9a-z]+/med_[0-9a-z]+/\\d+\\.[A-Za-z0-9_-]{43}$`));
      // Twilio (the peer) fetched both from us, with the right type and bytes, never to be sniffed.
      expect(got.media.map((f: any) => [f.status, f.contentType, f.sha256, f.nosniff])).toEqual([
        [200, 'image/gif', sha(GIF), true], [200, 'image/png', sha(PNG), true],
      ]);
      expect((await a.client.get(`/v1/messages/${m.id}`)).json().status).toBe('sent');

      // Forged or altered tokens, another account's id, and an expired URL: 404 (fetched by the peer, no cookie).
      const u = got.mediaUrls[0] as string;
      const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
      const accountId = fromPublicId('account', a.accountId)!;
      const mediaId = fromPublicId('media', gif.id)!;
      const other = await signUp(env.app);
      for (const bad of [
        flip(u),
        u.replace(/\/(\d+)\.([A-Za-z0-9_-]{43})$/, (_s, e, sig) => `/${Number(e) + 3600}.${sig}`),
        u.replace(/acct_[0-9a-z]+/, other.accountId),
        carrierMediaUrl(ctx, accountId, mediaId, Date.now() - 1000),
        `${base}/media/${a.accountId}/${gif.id}/nonsense`,
      ]) {
        expect((await admin('/__admin/fetch', { url: bad })).status, bad).toBe(404);
      }
      expect((await admin('/__admin/fetch', { url: carrierMediaUrl(ctx, accountId, mediaId, Date.now() + 60_000) })).status).toBe(200);

      // The signed-in user reads media of their account; another account cannot.
      const mine = await a.client.get(gif.url);
      expect(mine.statusCode).toBe(200);
      expect(mine.headers['content-type']).toBe('image/gif');
      expect(mine.headers['x-content-type-options']).toBe('nosniff');
      expect(sha(mine.rawPayload)).toBe(sha(GIF));
      expect((await other.client.get(gif.url)).statusCode).toBe(404);
      expect((await env.app.inject({ method: 'GET', url: gif.url })).statusCode).toBe(401);
    });

    it('refuses media that is too big, not an image, or at a private address, with specific codes and nothing stored', async () => {
      const { ctx } = env;
      const from = nextNumber();
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const big = Buffer.concat([PNG, Buffer.alloc(MAX_MESSAGE_MEDIA_BYTES, 1)]);
      const half = Buffer.concat([PNG, Buffer.alloc(Math.ceil(MAX_MESSAGE_MEDIA_BYTES / 2), 2)]);
      await serveAtPeer({
        'big.png': { contentType: 'image/png', bytes: big },
        'half.png': { contentType: 'image/png', bytes: half },
        'page.png': { contentType: 'image/png', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
        'ok.png': { contentType: 'image/png', bytes: PNG },
      });
      const { a } = await twilioAccount(from);
      const port = new URL(api).port;
      const othersUpload = (await upload(await signUp(env.app), 'theirs.gif', 'image/gif', GIF)).json().id;
      const cases: Array<[unknown, number, string]> = [
        [{ mediaUrls: [`${api}/__cdn/big.png`] }, 422, 'media_too_large'],
        [{ mediaUrls: [`${api}/__cdn/half.png`, `${api}/__cdn/half.png`] }, 422, 'media_too_large'],
        [{ mediaUrls: [`${api}/__cdn/ok.png`, `${api}/__cdn/page.png`] }, 422, 'media_type_not_allowed'],
        // The same peer by a name that resolves to loopback: refused after resolution (only 127.0.0.1 is allowed).
        [{ mediaUrls: [`http://localhost:${port}/__cdn/ok.png`] }, 422, 'media_url_not_allowed'],
        [{ mediaUrls: ['http://169.254.169.254/latest/meta-data/'] }, 422, 'media_url_not_allowed'],
        [{ mediaUrls: ['http://10.0.0.1/a.png'] }, 422, 'media_url_not_allowed'],
        [{ mediaUrls: [`http://[::1]:${port}/__cdn/ok.png`] }, 422, 'media_url_not_allowed'],
        [{ mediaUrls: ['ftp://example.com/a.png'] }, 422, 'invalid_media_url'],
        [{ mediaUrls: ['https://example.com/a.png'] }, 422, 'media_url_not_allowed'], // not among MEDIA_HOSTS_ONLY: never resolved
        [{ mediaUrls: [`${api}/__cdn/missing.png`] }, 422, 'media_fetch_failed'],
        [{ mediaIds: ['med_01h00000000000000000000000'] }, 422, 'unknown_media'],
        [{ mediaIds: [othersUpload] }, 422, 'unknown_media'], // another account's upload
        [{ mediaUrls: Array.from({ length: 11 }, () => `${api}/__cdn/ok.png`) }, 422, 'validation_failed'],
      ];
      for (const [extra, status, code] of cases) {
        const r = await a.client.post('/v1/messages', { from, to: TO, body: 'Look', ...(extra as object) });
        expect([r.statusCode, r.json().error?.code], JSON.stringify(extra)).toEqual([status, code]);
      }
      // Uploads: the bytes decide the type; the size is capped while streaming.
      expect((await upload(a, 'evil.png', 'image/png', Buffer.from('<svg onload="alert(1)"/>'))).json().error.code).toBe('media_type_not_allowed');
      const tooBig = await upload(a, 'big.png', 'image/png', big);
      expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([413, 'media_too_large']);
      expect((await a.client.request('POST', '/v1/media', { x: 1 })).statusCode).toBe(415);

      const acct = fromPublicId('account', a.accountId);
      const count = async (table: string) => Number((await ctx.database.query<{ n: string }>(`select count(*) as n from ${table} where account_id = $1`, [acct])).rows[0].n);
      expect([await count('messages'), await count('media')]).toEqual([0, 0]);
      expect(await dispatchOnce(ctx)).toBe(0);
      expect((await ledger()).messages).toHaveLength(0);
      // Text only still goes.
      expect((await a.client.post('/v1/messages', { from, to: TO, body: 'Text only' })).statusCode).toBe(201);
    });

    it('a number whose carrier cannot carry MMS (SMPP, the built-in simulator) refuses media at send time', async () => {
      const a = await signUp(env.app);
      const closed = await freePort();
      const smpp = await a.client.post('/v1/provider-connections', { kind: 'smpp', name: 'SMSC', credentials: { systemId: 'wm', password: 'pw' }, settings: { host: '127.0.0.1', port: closed } });
      expect(smpp.statusCode, smpp.body).toBe(201);
      const from = nextNumber();
      const n = await a.client.post('/v1/numbers', { connectionId: smpp.json().id, phoneNumber: from });
      expect(n.statusCode, n.body).toBe(201);
      const up = (await upload(a, 'logo.gif', 'image/gif', GIF)).json();
      const r = await a.client.post('/v1/messages', { from, to: TO, body: 'Pic', mediaIds: [up.id] });
      expect([r.statusCode, r.json().error.code, r.json().error.details.provider]).toEqual([422, 'mms_not_supported', 'smpp']);
      const sim = await a.client.post('/v1/numbers', { provider: 'simulator' });
      if (sim.statusCode === 201) {
        const s = await a.client.post('/v1/messages', { from: sim.json().phoneNumber, to: TO, body: 'Pic', mediaIds: [up.id] });
        expect([s.statusCode, s.json().error.code]).toEqual([422, 'mms_not_supported']);
      }
    });

    it('an MMS whose number ends up on a connection that cannot carry media fails at dispatch (mms_not_supported), never sent as text only', async () => {
      const { ctx } = env;
      const from = nextNumber();
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const { a } = await twilioAccount(from);
      const up = (await upload(a, 'logo.gif', 'image/gif', GIF)).json();
      const mms = (await a.client.post('/v1/messages', { from, to: TO, body: 'Pic', mediaIds: [up.id] })).json();
      const text = (await a.client.post('/v1/messages', { from, to: TO, body: 'Text' })).json();
      // The number moves to a simulator connection (no MMS) while both are queued.
      const sim = (await a.client.post('/v1/provider-connections', { kind: 'simulator', name: 'Sim' })).json();
      expect(sim.status).toBe('connected');
      const acct = fromPublicId('account', a.accountId);
      await ctx.database.query(`update phone_numbers set connection_id = $2, provider = 'simulator' where account_id = $1 and phone_number = $3`, [acct, fromPublicId('connection', sim.id), from]);
      await ctx.database.query(`update messages set provider = 'simulator' where account_id = $1`, [acct]);
      await dispatchOnce(ctx);
      expect((await a.client.get(`/v1/messages/${mms.id}`)).json()).toMatchObject({ status: 'failed', errorCode: 'mms_not_supported' });
      expect((await a.client.get(`/v1/messages/${text.id}`)).json().status).toBe('sent');
      expect((await ledger()).messages.filter((m: { from: string }) => m.from === from)).toEqual([]); // nothing went to Twilio either
    });

    it("keeps a customer's media (fetched with the carrier's auth, through the guard), lists them in the thread, and erases them with the contact", async () => {
      const { ctx } = env;
      const from = nextNumber();
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const VCARD = Buffer.from('BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n');
      await serveAtPeer({ 'cat.jpg': { contentType: 'image/jpeg', bytes: JPEG }, 'card.vcf': { contentType: 'text/vcard', bytes: VCARD } });
      const { a, conn } = await twilioAccount(from);
      const mediaPath = `${api}/2010-04-01/Accounts/${AC}/Messages/MM${'0'.repeat(32)}/Media`;
      // Without the account's Basic auth the peer refuses; our Twilio kind sends it to the API host only.
      expect((await fetch(`${mediaPath}/cat.jpg`, { redirect: 'manual' })).status).toBe(401);
      const inbound = await admin('/__admin/inbound', {
        url: conn.webhookUrls.inbound, accountSid: AC, from: '+14155550177', to: from, body: 'Here is the damage',
        media: [
          { url: `${mediaPath}/cat.jpg`, contentType: 'image/jpeg' },
          { url: `${mediaPath}/card.vcf`, contentType: 'text/vcard' },
          { url: 'http://10.0.0.1/steal.jpg', contentType: 'image/jpeg' },
        ],
      });
      expect(inbound.status, inbound.body).toBe(200);
      const [cv] = (await a.client.get('/v1/conversations')).json().data;
      const thread = (await a.client.get(`/v1/conversations/${cv.id}/messages`)).json().data;
      const msg = thread.find((x: any) => x.direction === 'inbound');
      expect(msg.body).toBe('Here is the damage');
      expect(msg.media.map((x: any) => [x.contentType, x.size, x.error])).toEqual([
        ['image/jpeg', JPEG.length, null], ['text/vcard', VCARD.length, null], ['image/jpeg', 0, 'address_not_allowed'],
      ]);
      const photo = await a.client.get(msg.media[0].url);
      expect([photo.statusCode, photo.headers['content-type'], sha(photo.rawPayload)]).toEqual([200, 'image/jpeg', sha(JPEG)]);
      const card = await a.client.get(msg.media[1].url);
      expect(card.headers['content-disposition']).toMatch(/^attachment/);

      // Two files kept (the refused one is only listed).
      const acct = fromPublicId('account', a.accountId);
      const mediaRows = async () => Number((await ctx.database.query<{ n: string }>('select count(*) as n from media where account_id = $1', [acct])).rows[0].n);
      expect(await mediaRows()).toBe(2);

      // Erasing the contact erases their media.
      const contactId = msg.contactId;
      expect((await a.client.delete(`/v1/contacts/${contactId}`)).statusCode).toBe(204);
      expect(await mediaRows()).toBe(0);
      expect((await a.client.get(msg.media[0].url)).statusCode).toBe(404);
    });
  });
}
