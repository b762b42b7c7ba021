import yauzl from 'yauzl';
import { expect, it } from 'vitest';
import { describeEachDb, settle } from './harness.js';
import { TEST_OPERATOR_TOKEN, signUp } from './factories.js';

/** Every entry of a ZIP, read with a ZIP library (not ours). */
function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Dispute evidence pack (issue 13): a scripted history, then every section of the ZIP and the PDF. */
describeEachDb('dispute evidence pack', (use) => {
  it('holds the consent evidence, every message with its delivery history, STOP/HELP handling and the audit entries; PDF too; nothing of another account', async () => {
    const env = use();
    await env.sim.settings({ latencyMs: 0 });
    const phone = '+14155553801';
    const { client, accountId } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const contact = (await client.post('/v1/contacts', { phone, firstName: 'Dana' })).json();
    expect((await client.post(`/v1/contacts/${contact.id}/consent`, { kind: 'opt_in', source: 'web_form', evidence: { wording: 'Yes, text me about my orders', ip: '203.0.113.9' } })).statusCode).toBe(201);
    const sent = (await client.post('/v1/messages', { to: phone, body: 'Your order shipped.' })).json();
    await settle(env);
    for (const body of ['HELP', 'STOP']) expect((await client.post('/v1/simulator/inbound', { from: phone, to: number.phoneNumber, body })).statusCode).toBeLessThan(300);
    await settle(env);

    // The same number in another account: a different history of its own.
    const other = await signUp(env.app);
    await other.client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const otherContact = (await other.client.post('/v1/contacts', { phone, firstName: 'Someone else' })).json();
    await other.client.post('/v1/messages', { to: phone, body: 'Other business text' });

    const res = await client.get(`/v1/evidence?phone=${encodeURIComponent(phone)}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="evidence-14155553801-.*\.zip"/);
    const files = await unzip(res.rawPayload);
    expect([...files.keys()].sort()).toEqual(['README.txt', 'audit.json', 'consent/attestations.json', 'consent/events.json', 'contacts.json', 'evidence.pdf', 'messages.jsonl', 'stop-help.json']);
    const read = (name: string) => JSON.parse(files.get(name)!.toString('utf8'));

    expect(read('contacts.json')).toEqual([expect.objectContaining({ id: contact.id, phone, firstName: 'Dana', consentState: 'opted_out' })]);
    const consent = read('consent/events.json') as Array<{ kind: string; source: string; evidence: Record<string, unknown> }>;
    expect(consent.map((c) => [c.kind, c.source])).toEqual([['opt_in', 'web_form'], ['opt_out', 'keyword']]);
    expect(consent[0].evidence).toMatchObject({ wording: 'Yes, text me about my orders', ip: '203.0.113.9' });
    expect(read('consent/attestations.json')).toEqual([expect.objectContaining({ wording: expect.stringContaining('consent') })]);

    const stopHelp = read('stop-help.json');
    expect(stopHelp.suppressed).toMatchObject({ source: expect.any(String) });
    const words = stopHelp.keywords.filter((k: { direction: string }) => k.direction === 'inbound').map((k: { keyword: { word: string } }) => k.keyword.word);
    expect(words).toEqual(['HELP', 'STOP']);
    expect(stopHelp.keywords.filter((k: { kind: string }) => k.kind === 'keyword_reply')).toHaveLength(2);

    const messages = files.get('messages.jsonl')!.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(messages).toHaveLength(5); // the text, HELP and its reply, STOP and its reply
    expect(messages.every((m: { from: string; to: string }) => m.from === phone || m.to === phone)).toBe(true);
    const first = messages.find((m: { id: string }) => m.id === sent.id);
    expect(first.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent', 'delivered']);
    expect(messages.map((m: { body: string }) => m.body)).not.toContain('Other business text');

    const audit = read('audit.json') as Array<{ action: string; target: { id: string } }>;
    expect(audit.map((a) => a.action)).toContain('consent.opt_in');
    expect(audit.every((a) => [contact.id, audit[0].target.id].includes(a.target.id))).toBe(true);
    expect(files.get('evidence.pdf')!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(files.get('README.txt')!.toString('utf8')).toContain(phone);

    // The printable PDF alone.
    const pdf = await client.get(`/v1/evidence?phone=${encodeURIComponent('(415) 555-3801')}&format=pdf`);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain(phone);
    expect(pdf.rawPayload.toString('latin1')).toMatch(/%%EOF\s*$/);

    // Isolation: the other account's pack for the same number holds nothing of the first account.
    const theirs = await unzip((await other.client.get(`/v1/evidence?phone=${encodeURIComponent(phone)}`)).rawPayload);
    const theirsText = [...theirs.entries()].filter(([n]) => n !== 'evidence.pdf').map(([, b]) => b.toString('utf8')).join('\n');
    expect(theirsText).not.toContain(contact.id);
    expect(theirsText).not.toContain(sent.id);
    expect(theirsText).not.toContain('Your order shipped.');
    expect(theirsText).not.toContain('Yes, text me about my orders');
    expect(JSON.parse(theirs.get('contacts.json')!.toString('utf8'))).toEqual([expect.objectContaining({ id: otherContact.id })]);
    expect(JSON.parse(theirs.get('consent/events.json')!.toString('utf8'))).toEqual([]);

    // Bad input is a 4xx; the export is in the account's audit log.
    expect((await client.get('/v1/evidence?phone=12345')).json().error.code).toBe('invalid_phone');
    expect((await client.get('/v1/audit-events?action=evidence.exported')).json().data.length).toBeGreaterThanOrEqual(2);

    // The operator's route for the same account and number.
    const op = await env.app.inject({ method: 'GET', url: `/v1/operator/accounts/${accountId}/evidence?phone=${encodeURIComponent(phone)}`, headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } });
    expect(op.statusCode, op.body.slice(0, 300)).toBe(200);
    const opFiles = await unzip(op.rawPayload);
    expect(opFiles.get('messages.jsonl')!.toString('utf8').trim().split('\n')).toHaveLength(5);
    expect((await env.app.inject({ method: 'GET', url: `/v1/operator/accounts/${accountId}/evidence?phone=${encodeURIComponent(phone)}` })).statusCode).toBe(401);
    expect((await env.app.inject({ method: 'GET', url: `/v1/operator/accounts/acct_nope/evidence?phone=${encodeURIComponent(phone)}`, headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } })).statusCode).toBe(404);
  });
}, {}, { simulator: true });
