import { expect, it } from 'vitest';
import { withTx } from '../src/db/tx.js';
import { fromPublicId } from '../src/lib/ids.js';
import { storeMessageMedia } from '../src/modules/media/media.service.js';
import { applyRetention, previewRetention } from '../src/modules/retention/retention.service.js';
import { postMultipart, signUp } from './factories.js';
import { describeEachDb, type TestEnv } from './harness.js';

const DAY = 86_400_000;
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(40, 3)]);

/**
 * The business's own MMS uploads (`POST /v1/media`, no contact) go with the account's rule for uploaded
 * files once nothing still lists them: no message that keeps its media (queued, scheduled or sent and not
 * yet redacted) and no campaign that may still send (draft, scheduled, running, paused).
 */
describeEachDb('retention of MMS uploads', (use) => {
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await use().ctx.database.query<T>(text, params)).rows;

  async function at<T>(env: TestEnv, days: number, work: () => Promise<T>): Promise<T> {
    const real = env.ctx.now;
    env.ctx.now = () => new Date(Date.now() + days * DAY);
    try {
      return await work();
    } finally {
      env.ctx.now = real;
    }
  }

  it('deletes old uploads nothing lists; keeps those a kept message, a scheduled text or an unfinished campaign lists, and recent ones; the preview counts what nothing lists now', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const id = fromPublicId('account', accountId)!;
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const upload = async (name: string) => {
      const r = await postMultipart(client, '/v1/media', {}, { content: GIF, filename: name });
      expect(r.statusCode, r.body).toBe(201);
      return fromPublicId('media', r.json().id)!;
    };
    const [unused, sentKept, sentRedacted, scheduled, campaign, finishedCampaign, recent] = await Promise.all(
      ['unused', 'sent-kept', 'sent-redacted', 'scheduled', 'campaign', 'finished-campaign', 'recent'].map((n) => upload(`${n}.gif`)),
    );
    const list = (mediaId: string) => JSON.stringify([{ id: mediaId, contentType: 'image/gif', size: GIF.length }]);
    // The simulator carries no MMS: texts are sent plain, then list the uploads as an MMS would.
    const text = async (to: string, extra: Record<string, unknown> = {}) => {
      const r = await client.post('/v1/messages', { to, body: 'Look at this', ...extra });
      expect(r.statusCode, r.body).toBe(201);
      return fromPublicId('message', r.json().id)!;
    };
    const kept = await text('+13055550801');
    const old = await text('+13055550802');
    const later = await text('+13055550803', { sendAt: new Date(Date.now() + 30 * DAY).toISOString() });
    // The kept text is younger than the rule for bodies (written 20 days on), the old one is not.
    await q(`update messages set status = 'delivered', media = $2::jsonb, created_at = now() + interval '20 days' where id = $1`, [kept, list(sentKept)]);
    await q(`update messages set status = 'delivered', media = $2::jsonb where id = $1`, [old, list(sentRedacted)]);
    await q(`update messages set media = $2::jsonb where id = $1`, [later, list(scheduled)]);
    const draft = (await client.post('/v1/campaigns', { name: 'Spring', body: 'Spring sale', audience: { tags: ['spring'] } })).json();
    const done = (await client.post('/v1/campaigns', { name: 'Winter', body: 'Winter sale', audience: { tags: ['winter'] } })).json();
    await q(`update campaigns set media = $2::jsonb where id = $1`, [fromPublicId('campaign', draft.id), list(campaign)]);
    await q(`update campaigns set media = $2::jsonb, status = 'completed' where id = $1`, [fromPublicId('campaign', done.id), list(finishedCampaign)]);
    await q(`update media set created_at = now() + interval '60 days' where id = $1`, [recent]);

    // 40 days on, uploads and message bodies kept 30 days: the old text's body and media list go first.
    expect((await client.request('PUT', '/v1/retention', { messageBodyDays: 30, uploadDays: 30, inactiveContactMonths: null, exportDays: 7 })).statusCode).toBe(200);
    const preview = await at(env, 40, () => previewRetention(env.ctx, id));
    // The preview counts what nothing lists now: the redaction of the old text frees one more in the run itself.
    expect(preview).toMatchObject({ messageBodies: 1, mediaUploads: 2 });
    const ran = await at(env, 40, () => applyRetention(env.ctx, id));
    expect(ran).toMatchObject({ messageBodies: 1, mediaUploads: 3 });
    const left = new Set((await q<{ id: string }>(`select id from media where account_id = $1`, [id])).map((r) => r.id));
    expect([...left].sort()).toEqual([sentKept, scheduled, campaign, recent].sort());
    for (const gone of [unused, sentRedacted, finishedCampaign]) expect(left.has(gone), gone).toBe(false);
    // A second run finds nothing more.
    expect(await at(env, 40, () => applyRetention(env.ctx, id))).toMatchObject({ mediaUploads: 0 });
    // A send that checked an upload just before the run deleted it is refused when it stores its text (it holds the
    // uploads it lists from then to its commit, so a run either skips them or deleted them first).
    await expect(withTx(env.ctx.db, (tx) => storeMessageMedia(tx, id, null, [{ id: unused, contentType: 'image/gif', size: GIF.length }], null)))
      .rejects.toMatchObject({ code: 'unknown_media' });
    expect(await withTx(env.ctx.db, (tx) => storeMessageMedia(tx, id, null, [{ id: campaign, contentType: 'image/gif', size: GIF.length }], null)))
      .toEqual([{ id: campaign, contentType: 'image/gif', size: GIF.length }]);
  });
});
