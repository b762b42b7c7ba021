/**
 * The simulated carrier on its own (issue 8, "Simulator"): its Twilio-shaped API in a process of
 * its own, checked with the official `twilio` package's signature validation. No database: it
 * keeps its ledger in its own file, which survives a restart.
 */
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, expect, it } from 'vitest';
import { mainAccountSid } from '../src/providers/simulator/server.js';
import { simulatorKind } from '../src/providers/simulator/kind.js';
import { LEASE_LOST } from '../src/providers/carrier.js';
import { startSimulatorProcess, type SimulatorProcess } from '../src/providers/simulator/process.js';
import { SIMULATOR_MAIN, nodeArgs } from './compiled.js';
const SIM_MAIN = () => nodeArgs(SIMULATOR_MAIN);

const procs: SimulatorProcess[] = [];
afterAll(async () => { await Promise.all(procs.map((p) => p.stop())); });

/** A receiver of the simulator's webhooks (our side), recording what it gets. */
async function receiver() {
  const got: Array<{ url: string; signature: string; params: Record<string, string> }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}${req.url}`, signature: String(req.headers['x-twilio-signature']), params: Object.fromEntries(new URLSearchParams(body)) });
      res.end('<Response/>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { got, base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise((r) => server.close(r)) };
}

const form = (p: Record<string, string>) => new URLSearchParams(p).toString();
async function call(base: string, user: string, pass: string, method: string, path: string, body?: Record<string, string>, headers: Record<string, string> = {}) {
  const r = await fetch(`${base}${path}`, {
    method, body: body ? form(body) : undefined,
    headers: { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

it('sub-accounts, idempotent sends, signed receipts and inbound, injected faults, a ledger that survives a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wm-sim-'));
  const authToken = 'main-token-0123456789abcdef';
  let sim = await startSimulatorProcess({ dataDir, authToken, nodeArgs: SIM_MAIN() });
  procs.push(sim);
  const us = await receiver();
  try {
    const main = mainAccountSid(authToken);
    expect((await call(sim.url, main, 'wrong', 'POST', '/2010-04-01/Accounts.json', { FriendlyName: 'x' })).status).toBe(401);
    const created = await call(sim.url, main, authToken, 'POST', '/2010-04-01/Accounts.json', { FriendlyName: 'A', SmsUrl: `${us.base}/inbound` });
    expect(created.status).toBe(201);
    const [sid, token] = [String(created.json.sid), String(created.json.auth_token)];
    expect(sid).toMatch(/^AC[0-9a-f]{32}$/);
    const path = `/2010-04-01/Accounts/${sid}`;
    expect((await call(sim.url, sid, token, 'GET', `${path}.json`)).json.status).toBe('active');
    expect((await call(sim.url, main, authToken, 'GET', `${path}.json`)).status).toBe(200); // the parent may act for it
    const n = await call(sim.url, sid, token, 'POST', `${path}/IncomingPhoneNumbers.json`, { SmsUrl: `${us.base}/inbound` });
    expect(n.json.phone_number).toMatch(/^\+1\d{10}$/);

    // The same Idempotency-Key is the same message: one ledger entry, two submissions.
    const msg = { To: '+14155550100', From: String(n.json.phone_number), Body: 'Hello', StatusCallback: `${us.base}/status?x=1` };
    const first = await call(sim.url, sid, token, 'POST', `${path}/Messages.json`, msg, { 'idempotency-key': 'ref-1' });
    const again = await call(sim.url, sid, token, 'POST', `${path}/Messages.json`, msg, { 'idempotency-key': 'ref-1' });
    expect(first.status).toBe(201);
    expect(again.json.sid).toBe(first.json.sid);
    expect((await call(sim.url, sid, 'bad', 'POST', `${path}/Messages.json`, msg)).json.code).toBe(20003);
    expect((await sim.control.flush()).pending).toBe(0); // reported (by the sweeper or this flush)
    const receipt = us.got.find((g) => g.url.includes('/status'))!;
    expect(receipt.params).toMatchObject({ MessageSid: first.json.sid, MessageStatus: 'delivered', AccountSid: sid });
    expect(validateRequest(token, receipt.signature, receipt.url, receipt.params)).toBe(true);
    expect(validateRequest(token, receipt.signature, receipt.url, { ...receipt.params, MessageStatus: 'failed' })).toBe(false);

    // A customer's text arrives as a signed inbound webhook at the number's SmsUrl.
    const inbound = await call(sim.url, sid, token, 'POST', `${path}/SimulatedInbound.json`, { From: '+12125550150', To: String(n.json.phone_number), Body: 'STOP' });
    expect(inbound.json.status).toBe(200);
    const text = us.got.find((g) => g.url.endsWith('/inbound'))!;
    expect(text.params).toMatchObject({ Body: 'STOP', From: '+12125550150', SmsStatus: 'received' });
    expect(validateRequest(token, text.signature, text.url, text.params)).toBe(true);

    // Injected faults are Twilio's answers; outcomes follow the configured mix.
    await sim.control.settings({ latencyMs: 0, throttleRate: 1 });
    expect((await call(sim.url, sid, token, 'POST', `${path}/Messages.json`, msg, { 'idempotency-key': 'ref-2' })).json).toMatchObject({ status: 429, code: 20429 });
    await sim.control.settings({ latencyMs: 0, serverErrorRate: 1 });
    expect((await call(sim.url, sid, token, 'POST', `${path}/Messages.json`, msg, { 'idempotency-key': 'ref-2' })).status).toBe(503);
    await sim.control.settings({ latencyMs: 0, failedRate: 1 });
    await call(sim.url, sid, token, 'POST', `${path}/Messages.json`, msg, { 'idempotency-key': 'ref-3' });
    await sim.control.flush();
    expect(us.got.at(-1)!.params).toMatchObject({ MessageStatus: 'failed', ErrorCode: '30008' });

    // Restarted on the same folder: accounts, numbers and messages are still there.
    await sim.stop();
    sim = await startSimulatorProcess({ dataDir, authToken, nodeArgs: SIM_MAIN() });
    procs.push(sim);
    const ledger = (await sim.control.ledger()).messages;
    expect(ledger.map((l) => [l.reference, l.submissions, l.reported])).toEqual([['ref-1', 2, true], ['ref-3', 1, true]]);
    expect((await call(sim.url, sid, token, 'GET', `${path}/IncomingPhoneNumbers.json`)).json.incoming_phone_numbers).toHaveLength(1);
    expect((await call(sim.url, sid, token, 'POST', `${path}/Messages.json`, msg, { 'idempotency-key': 'ref-1' })).json.sid).toBe(first.json.sid);
  } finally {
    await us.close();
  }
}, 60_000);

// The simulator kind honours SendOptions.live like the SMPP and Twilio connections: once the batch's claims may have run
// out, a message not yet posted is not posted (a transient lease_lost, notAccepted: the dispatcher defers it). It did not
// check: a turn past its lease bound went on posting its batch while another worker could take the messages over.
it('the simulator connection posts nothing once the batch\'s lease is lost (SendOptions.live): lease_lost, not in its ledger', async () => {
  const authToken = 'main-token-live-0123456789abcdef';
  const sim = await startSimulatorProcess({ dataDir: mkdtempSync(join(tmpdir(), 'wm-sim-')), authToken, nodeArgs: SIM_MAIN() });
  procs.push(sim);
  const kind = simulatorKind({ url: sim.url, authToken });
  const cc = { connectionId: 'c1', accountId: 'a1', kind: 'simulator' as const, credentials: {}, settings: { concurrency: 1 }, webhookUrls: { status: 'http://127.0.0.1:9/status', inbound: 'http://127.0.0.1:9/inbound' } };
  const conn = kind.connect({ ...cc, credentials: await kind.enroll!(cc) });
  try {
    const number = await conn.provisionNumber!({ type: 'long_code', country: 'US' });
    const batch = ['live-0', 'live-1', 'live-2'].map((reference, i) => ({ reference, accountId: 'a1', from: number.phoneNumber, to: `+1415555012${i}`, body: `Text ${i}`, segments: 1 }));
    const asked: string[] = [];
    // The bound is reached after the first message: the rest are asked about and refused.
    const results = await conn.send(batch, { live: (reference) => { asked.push(reference); return asked.length === 1; } });
    expect(asked.sort()).toEqual(['live-0', 'live-1', 'live-2']);
    const byRef = new Map(results.map((r) => [r.reference, r]));
    expect(byRef.get('live-0')).toMatchObject({ ok: true });
    for (const ref of ['live-1', 'live-2']) expect(byRef.get(ref)).toMatchObject({ ok: false, transient: true, code: LEASE_LOST, notAccepted: true });
    expect((await sim.control.ledger()).messages.map((m) => m.reference)).toEqual(['live-0']);
  } finally {
    await conn.stop?.();
  }
}, 60_000);
