// SMPP 3.4 carrier kind against a test SMSC (the `smpp` package's server) running in its own process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CarrierInbound, CarrierSink, ConnectionContext } from '../src/providers/carrier.js';
import type { Receipt, SendResult } from '../src/providers/provider.js';
import { smppKind, type SmppConnection } from '../src/providers/smpp/index.js';
import {
  buildParts, canonicalId, chooseEncoding, concatInfo, encodeGsm7, parseReceiptText, receiptErrorCode, smppAddress, submitOutcome,
} from '../src/providers/smpp/codec.js';
import { decodeFast, deliverSmRespPdu, submitSmPdu } from '../src/providers/smpp/fast-pdu.js';
import { InboundAssembler } from '../src/providers/smpp/inbound.js';
import smpp, { type PDU } from 'smpp';
import { startSmsc, waitFor, type Smsc } from './smsc-peer.js';

const hasOpenssl = (() => { try { execFileSync('openssl', ['version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
const ERRORS = { ESME_RINVDSTADR: 0x0b, ESME_RMSGQFUL: 0x14, ESME_RTHROTTLED: 0x58, ESME_RSYSERR: 0x08 };

describe('SMPP codec (pure)', () => {
  it.each([
    ['id:1234 sub:001 dlvrd:001 submit date:2611300600 done date:2611300601 stat:DELIVRD err:000 text:hello', { id: '1234', stat: 'DELIVRD', err: '000' }],
    ['id:ab12 sub:001 dlvrd:000 submit date:2611300600 done date:2611300601 stat:UNDELIV err:075 text:stat:DELIVRD', { id: 'ab12', stat: 'UNDELIV', err: '075' }],
    ['id:9 sub:1 dlvrd:0 submit date:2611300600 done date:2611300601 stat:rejectd err:1 Text:x', { id: '9', stat: 'REJECTD', err: '1' }],
    ['id:7 stat:EXPIRED', { id: '7', stat: 'EXPIRED', err: null }],
    ['id:7 stat:ENROUTE err:0', { id: '7', stat: 'ENROUTE', err: '0' }],
    ['id:7 stat:ACCEPTD err:0', { id: '7', stat: 'ACCEPTD', err: '0' }],
    ['id:7 stat:DELETED err:0', { id: '7', stat: 'DELETED', err: '0' }],
    ['id:7 stat:UNKNOWN err:0', { id: '7', stat: 'UNKNOWN', err: '0' }],
    ['stat:DELIVRD err:000', null],
    ['id:7 stat:WEIRD', null],
    ['hello there', null],
  ])('receipt text %s', (text, want) => {
    expect(parseReceiptText(text)).toEqual(want);
  });

  it.each([
    [{ id: '1', stat: 'DELIVRD' as const, err: '000' }, undefined],
    [{ id: '1', stat: 'UNDELIV' as const, err: '000' }, 'UNDELIV'],
    [{ id: '1', stat: 'UNDELIV' as const, err: '075' }, 'UNDELIV:075'],
    [{ id: '1', stat: 'REJECTD' as const, err: null }, 'REJECTD'],
  ])('receipt error code %o', (r, want) => expect(receiptErrorCode(r)).toBe(want));

  it.each([
    ['hello', undefined, 'GSM-7'],
    ['price 5€ {ok}', undefined, 'GSM-7'],
    ['hello', 'UCS-2' as const, 'UCS-2'],
    ['héllo ç', undefined, 'UCS-2'], // ç is not in the GSM-7 basic table (Ç is)
    ['hi 👋', 'GSM-7' as const, 'UCS-2'],
  ])('data_coding choice for %s (asked %s)', (body, asked, want) => expect(chooseEncoding(body, asked)).toBe(want));

  it('GSM-7 is sent unpacked, one septet per octet, extension characters escaped', () => {
    expect(encodeGsm7('@A€^\n').toString('hex')).toBe('00411b651b140a');
    expect(() => encodeGsm7('ж')).toThrow();
  });

  it('single segments: data_coding 0 / 8, no UDH', () => {
    const g = buildParts('a'.repeat(160), 1);
    expect(g.parts).toHaveLength(1);
    expect(g.parts[0]).toMatchObject({ dataCoding: 0, esmClass: 0 });
    expect(g.parts[0].shortMessage.length).toBe(160);
    const u = buildParts('ж'.repeat(70), 1);
    expect(u.parts).toHaveLength(1);
    expect(u.parts[0]).toMatchObject({ dataCoding: 8, esmClass: 0 });
    expect(u.parts[0].shortMessage.subarray(0, 2).toString('hex')).toBe('0436');
  });

  it('concatenated GSM-7: 153 septets a part, UDH 05 00 03 ref total seq, esm_class 0x40, escape pair never split', () => {
    const body = 'a'.repeat(152) + '€' + 'b'.repeat(10);
    const { parts } = buildParts(body, 0x2a);
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.esmClass)).toEqual([0x40, 0x40]);
    expect(parts[0].shortMessage.subarray(0, 6).toString('hex')).toBe('0500032a0201');
    expect(parts[1].shortMessage.subarray(0, 6).toString('hex')).toBe('0500032a0202');
    expect(parts[0].shortMessage.length - 6).toBe(152); // the € (ESC + e) moved whole to part 2
    expect(parts[1].shortMessage.subarray(6, 8).toString('hex')).toBe('1b65');
  });

  it('concatenated UCS-2: 67 units a part, a surrogate pair never split', () => {
    const body = 'ж'.repeat(66) + '😀' + 'ж'.repeat(10);
    const { parts } = buildParts(body, 3);
    expect(parts).toHaveLength(2);
    expect(parts[0].shortMessage.length).toBe(6 + 66 * 2);
    expect(parts[1].shortMessage.subarray(6, 10).toString('hex')).toBe('d83dde00');
    const forced = buildParts('x'.repeat(100), 3, 'UCS-2').parts;
    expect(forced.map((p) => (p.shortMessage.length - 6) / 2)).toEqual([67, 33]);
  });

  // fast-pdu.ts writes submit_sm itself: the same octets as the package's own encoding, for every shape we send.
  it.each([
    ['+15125550199', '+16465550100', 'Your code is 1', undefined, undefined, 7],
    ['15125', '447700900123', 'a'.repeat(160), 'CMT', undefined, 0x7fffffff],
    ['WestMsg', '+33612345678', 'ж'.repeat(70), '', undefined, 1],
    ['+15125550199', '+16465550100', 'x'.repeat(200), 'VMA', undefined, 42],
    ['+15125550199', '+16465550100', '😀 hi '.repeat(30), undefined, 'UCS-2' as const, 9],
    ['Café', '+16465550100', '{[€]}', undefined, undefined, 3],
  ])('submit_sm bytes as the package writes them %#', (from, to, body, serviceType, encoding, seq) => {
    const src = smppAddress(from);
    const dst = smppAddress(to);
    for (const part of buildParts(body, 0x2a, encoding).parts) {
      const ours = submitSmPdu({
        serviceType: serviceType ?? '', sourceTon: src.ton, sourceNpi: src.npi, source: src.addr, destTon: dst.ton, destNpi: dst.npi, dest: dst.addr,
        esmClass: part.esmClass, registeredDelivery: 1, dataCoding: part.dataCoding, shortMessage: part.shortMessage,
      });
      ours.sequence_number = seq;
      const theirs = new smpp.PDU('submit_sm', {
        source_addr_ton: src.ton, source_addr_npi: src.npi, source_addr: src.addr, dest_addr_ton: dst.ton, dest_addr_npi: dst.npi, destination_addr: dst.addr,
        esm_class: part.esmClass, registered_delivery: 1, data_coding: part.dataCoding, short_message: part.shortMessage,
        ...(serviceType ? { service_type: serviceType } : {}), sequence_number: seq,
      });
      expect(ours.toBuffer().toString('hex')).toBe(theirs.toBuffer().toString('hex'));
      expect(ours.isResponse()).toBe(false);
      // and the package reads it back as the submit_sm it is
      const read = new smpp.PDU(ours.toBuffer() as unknown as string);
      expect([read.command, read.sequence_number, read.destination_addr, read.esm_class, read.data_coding]).toEqual(['submit_sm', seq, dst.addr, part.esmClass, part.dataCoding]);
    }
  });

  it.each([[0, 1], [0x64, 77], [0, 0x7fffffff]])('deliver_sm_resp bytes as the package writes them (status %i, sequence %i)', (status, seq) => {
    const deliver = new smpp.PDU('deliver_sm', { sequence_number: seq, esm_class: 4, short_message: 'id:1 stat:DELIVRD' });
    expect(deliverSmRespPdu(seq, status).toBuffer().toString('hex')).toBe(deliver.response({ command_status: status }).toBuffer().toString('hex'));
    expect(deliverSmRespPdu(seq, status).isResponse()).toBe(true);
  });

  // fast-pdu.ts reads submit_sm_resp and plain delivery receipts itself: the fields the package reads, or the package's own decoding.
  const bytesOf = (command: string, fields: Record<string, unknown>) => (new smpp.PDU(command, fields) as unknown as { toBuffer(): Buffer }).toBuffer();
  const receiptText = 'id:0a1b2c sub:001 dlvrd:001 submit date:2612011030 done date:2612011030 stat:DELIVRD err:000 text:Your code is 1';
  it.each([
    ['submit_sm_resp', { sequence_number: 7, message_id: '0a1b2c' }, true],
    ['submit_sm_resp', { sequence_number: 0x7fffffff, message_id: '' }, true],
    ['submit_sm_resp', { sequence_number: 3, command_status: 0x58 }, true],
    ['deliver_sm', { sequence_number: 9, esm_class: 4, source_addr: '16465550100', destination_addr: '15125550199', short_message: receiptText }, true],
    ['deliver_sm', { sequence_number: 10, esm_class: 4, short_message: 'id:77 stat:UNDELIV err:034', receipted_message_id: '4d', message_state: 5 }, true],
    ['deliver_sm', { sequence_number: 11, esm_class: 4, short_message: '', receipted_message_id: 'ff01', message_state: 2 }, true],
    // the package's own decoding: text GSM-7 reads otherwise than ASCII, another encoding, UDH, another TLV, not a receipt, other commands
    ['deliver_sm', { sequence_number: 12, esm_class: 4, short_message: 'id:1 stat:DELIVRD text:$5 @ shop_' }, false],
    ['deliver_sm', { sequence_number: 13, esm_class: 4, data_coding: 8, short_message: Buffer.from('id:1 stat:DELIVRD') }, false],
    ['deliver_sm', { sequence_number: 13, esm_class: 4, data_coding: 3, short_message: Buffer.from('id:1 stat:DELIVRD') }, false],
    ['deliver_sm', { sequence_number: 13, esm_class: 4, data_coding: 0, short_message: Buffer.from('id:1 stat:DELIVRD') }, true],
    ['deliver_sm', { sequence_number: 13, esm_class: 0x44, short_message: Buffer.from('\x05\x00\x03\x2a\x02\x01id:1 stat:DELIVRD') }, false],
    ['deliver_sm', { sequence_number: 14, esm_class: 4, short_message: 'id:1 stat:DELIVRD', network_error_code: Buffer.from([3, 0, 1]) }, false],
    ['deliver_sm', { sequence_number: 15, esm_class: 0, short_message: 'Hello there' }, false],
    ['enquire_link', { sequence_number: 16 }, false],
  ])('%s read as the package reads it %#', (command, fields, fast) => {
    const bytes = bytesOf(command, fields);
    const theirs = new smpp.PDU(bytes as unknown as string) as unknown as Record<string, unknown>;
    const ours = decodeFast(bytes) as unknown as Record<string, unknown> | null;
    expect(ours !== null).toBe(fast);
    if (!ours) return;
    for (const k of Object.keys(ours)) expect(ours[k], k).toEqual(theirs[k]);
    for (const k of ['command', 'command_status', 'sequence_number', 'message_id', 'esm_class', 'short_message', 'receipted_message_id', 'message_state', 'source_addr']) {
      expect(ours[k], k).toEqual(theirs[k]);
    }
    expect((ours as unknown as PDU).isResponse()).toBe((theirs as unknown as PDU).isResponse());
  });

  it('the GSM-7 coder of the package is memoised, not changed', () => {
    const gsm = (smpp as unknown as { gsmCoder: { getCoder(e: number): unknown; decode(b: Buffer, e: number): string } }).gsmCoder;
    expect(gsm.getCoder(0)).toBe(gsm.getCoder(0));
    expect(gsm.getCoder(1)).not.toBe(gsm.getCoder(0));
    expect(gsm.decode(encodeGsm7('id:1000 stat:DELIVRD {€}'), 0)).toBe('id:1000 stat:DELIVRD {€}');
  });

  it.each([
    [[Buffer.from([0, 3, 9, 3, 2])], { ref: 9, total: 3, seq: 2 }],
    [[Buffer.from([8, 4, 1, 2, 4, 1])], { ref: 258, total: 4, seq: 1 }],
    [[Buffer.from([4, 2, 1, 2]), Buffer.from([0, 3, 1, 2, 2])], { ref: 1, total: 2, seq: 2 }],
    [[Buffer.from([0, 2, 1, 2])], null],
    [undefined, null],
  ])('concatenation IE %#', (ies, want) => expect(concatInfo(ies)).toEqual(want));

  it.each([
    [0, { ok: true }],
    [ERRORS.ESME_RTHROTTLED, { ok: false, transient: true, code: 'throttled' }],
    [ERRORS.ESME_RMSGQFUL, { ok: false, transient: true, code: 'ESME_RMSGQFUL' }],
    [ERRORS.ESME_RINVDSTADR, { ok: false, transient: false, code: 'ESME_RINVDSTADR' }],
    [0x4242, { ok: false, transient: false, code: 'ESME_0x4242' }],
  ])('submit_sm_resp status %i', (status, want) => expect(submitOutcome(status, ERRORS)).toEqual(want));

  it.each([
    ['+15551234567', { addr: '15551234567', ton: 1, npi: 1 }],
    ['12345', { addr: '12345', ton: 3, npi: 1 }],
    ['WestMsg', { addr: 'WestMsg', ton: 5, npi: 0 }],
  ])('address %s', (a, want) => expect(smppAddress(a)).toEqual(want));

  it('ids match across case and leading zeros', () => expect(canonicalId(' 00AB12 ')).toBe(canonicalId('ab12')));

  it('inbound parts are joined by reference in any order; another reference stays apart', () => {
    const a = new InboundAssembler(60_000);
    expect(a.add('+1', '+2', { ref: 5, total: 3, seq: 3 }, 'c')).toBeNull();
    expect(a.add('+1', '+2', { ref: 6, total: 2, seq: 1 }, 'x')).toBeNull();
    expect(a.add('+1', '+2', { ref: 5, total: 3, seq: 1 }, 'a')).toBeNull();
    expect(a.add('+1', '+2', { ref: 5, total: 3, seq: 2 }, 'b')).toBe('abc');
    expect(a.add('+1', '+2', null, 'single')).toBe('single');
    expect(a.expire(Date.now() + 60_000)).toBe(1);
  });
});

// ---------- against the SMSC process ----------

type Peer = Smsc;
const peers: Peer[] = [];
const conns: SmppConnection[] = [];

async function startPeer(extra: string[] = []): Promise<Peer> {
  const peer = await startSmsc(extra);
  peers.push(peer);
  return peer;
}

const cmd = (peer: Peer, path: string, body: unknown = {}) => peer.cmd(path, body);

function collector() {
  const receipts: Array<Receipt & { connectionId: string }> = [];
  const inbound: CarrierInbound[] = [];
  const sink: CarrierSink = { receipts: async (r) => { receipts.push(...r); }, inbound: async (m) => { inbound.push(...m); } };
  return { sink, receipts, inbound };
}

function connect(peer: Peer, settings: Record<string, unknown> = {}, password = 'secret'): SmppConnection {
  const ctx: ConnectionContext = {
    connectionId: 'pc_test', accountId: 'acct_test', kind: 'smpp',
    credentials: { systemId: 'test', password },
    settings: { host: '127.0.0.1', port: peer.port, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000, responseTimeoutMs: 3_000, ...settings },
    webhookUrls: { status: 'http://x/status', inbound: 'http://x/inbound' },
  };
  const c = smppKind.connect(ctx) as SmppConnection;
  conns.push(c);
  return c;
}

async function started(peer: Peer, settings: Record<string, unknown> = {}) {
  const c = connect(peer, settings);
  const col = collector();
  await c.start(col.sink);
  expect(await c.ready(10_000)).toBe(true);
  return { c, ...col };
}

const msg = (i: number | string, body: string) => ({ reference: `msg_${i}`, accountId: 'acct_test', from: '+15550001111', to: '+15550002222', body, segments: 1 });
const okId = (r: SendResult) => (r.ok ? r.providerMessageId : '');

afterEach(async () => {
  await Promise.all(conns.splice(0).map((c) => c.stop()));
  for (const p of peers.splice(0)) p.stop();
});

describe('SMPP carrier against a test SMSC (own process)', () => {
  it('sends single and concatenated GSM-7 and UCS-2 messages; a multipart message\'s id lists its parts\' ids in order', async () => {
    const peer = await startPeer();
    const { c } = await started(peer);
    const long = 'Hello {team}, '.repeat(20); // > 160 septets, with escape pairs
    const longU = 'Привет, мир! 👋 '.repeat(10); // 160 UTF-16 units: 67 + 67 + 26
    const res = await c.send([msg(1, 'hi €'), msg(2, long), msg(3, 'Привет 👋'), msg(4, longU)]);
    expect(res.every((r) => r.ok)).toBe(true);
    const { submits } = await cmd(peer, '/ledger');
    const byDest = (dc: number, udh: boolean) => submits.filter((s: any) => s.dataCoding === dc && (s.udh !== null) === udh);
    expect(byDest(0, false).map((s: any) => s.text)).toEqual(['hi €']);
    expect(byDest(8, false).map((s: any) => s.text)).toEqual(['Привет 👋']);
    const gsmParts = byDest(0, true).sort((a: any, b: any) => a.udh.localeCompare(b.udh));
    expect(gsmParts.map((s: any) => s.text).join('')).toBe(long);
    expect(gsmParts.every((s: any) => s.esmClass === 0x40 && s.dest === '15550002222' && s.source === '15550001111')).toBe(true);
    const ucsParts = byDest(8, true).sort((a: any, b: any) => a.udh.localeCompare(b.udh));
    expect(ucsParts.map((s: any) => s.text).join('')).toBe(longU);
    expect(ucsParts.length).toBe(3);
    expect(okId(res[1])).toBe(gsmParts.map((s: any) => s.id).join(','));
    expect(okId(res[0])).toBe(byDest(0, false)[0].id);
    expect(c.stats()).toMatchObject({ submitted: submits.length, accepted: submits.length, malformedPdus: 0 });
  });

  it('keeps at most `window` submit_sm in flight', async () => {
    const peer = await startPeer();
    const { c } = await started(peer, { window: 5 });
    await cmd(peer, '/hold');
    const sending = c.send(Array.from({ length: 20 }, (_, i) => msg(i, `m${i}`)));
    await waitFor('5 pending at the SMSC', async () => (await cmd(peer, '/ledger')).pending === 5);
    expect(c.stats().inflight).toBe(5);
    expect((await cmd(peer, '/ledger')).pending).toBe(5); // nothing more was sent while the window is full
    await cmd(peer, '/release');
    const res = await sending;
    expect(res.filter((r) => r.ok)).toHaveLength(20);
    expect((await cmd(peer, '/ledger')).maxPending).toBe(5);
  });

  it('two batches at once: the earlier one has the window first, so it finishes first (its recording is not held back by the later one)', async () => {
    const peer = await startPeer();
    const { c } = await started(peer, { window: 2 });
    const done: string[] = [];
    const a = c.send(Array.from({ length: 6 }, (_, i) => msg(`a${i}`, `a${i}`))).then((r) => { done.push('a'); return r; });
    const b = c.send(Array.from({ length: 6 }, (_, i) => msg(`b${i}`, `b${i}`))).then((r) => { done.push('b'); return r; });
    const [ra, rb] = await Promise.all([a, b]);
    expect([...ra, ...rb].every((r) => r.ok)).toBe(true);
    expect(done).toEqual(['a', 'b']);
    // At the SMSC every text of the first batch came before any of the second (senders of a batch that answered go
    // before the waiting senders of a later batch).
    const texts = (await cmd(peer, '/ledger')).submits.map((x: any) => x.text);
    expect(texts.slice(0, 6).every((t: string) => t.startsWith('a'))).toBe(true);
  });

  it('ESME_RTHROTTLED halves the window and reports throttled (transient); accepted submits bring it back', async () => {
    const peer = await startPeer();
    const { c } = await started(peer, { window: 8, throttleBackoffMs: 20 });
    await cmd(peer, '/throttle', { count: 3 });
    const first = await c.send([msg(1, 'a'), msg(2, 'b'), msg(3, 'c')]);
    expect(first.map((r) => !r.ok && r.transient && r.code)).toEqual(['throttled', 'throttled', 'throttled']);
    expect(c.stats()).toMatchObject({ window: 1, throttled: 3 });
    const second = await c.send(Array.from({ length: 10 }, (_, i) => msg(10 + i, `x${i}`)));
    expect(second.every((r) => r.ok)).toBe(true);
    expect(c.stats().window).toBe(8);
  });

  it('other errors: ESME_RMSGQFUL transient, ESME_RINVDSTADR permanent with the status name', async () => {
    const peer = await startPeer();
    const { c } = await started(peer);
    await cmd(peer, '/fail', { count: 1, status: ERRORS.ESME_RMSGQFUL });
    expect(await c.send([msg(1, 'a')])).toEqual([expect.objectContaining({ ok: false, transient: true, code: 'ESME_RMSGQFUL' })]);
    await cmd(peer, '/fail', { count: 1, status: ERRORS.ESME_RINVDSTADR });
    expect(await c.send([msg(2, 'b')])).toEqual([expect.objectContaining({ ok: false, transient: false, code: 'ESME_RINVDSTADR' })]);
  });

  it('a submit_sm_resp that never comes: outcome_unknown, final (at most once: SMPP has no idempotency key); a late answer is counted', async () => {
    const peer = await startPeer();
    const { c } = await started(peer, { responseTimeoutMs: 200 });
    await cmd(peer, '/hold');
    const [r] = await c.send([msg('slow', 'slow one')]);
    expect(r).toMatchObject({ ok: false, transient: false, code: 'outcome_unknown' });
    expect(!r.ok && r.message).toContain('timeout');
    expect(c.stats()).toMatchObject({ timeouts: 1, inflight: 0 });
    await cmd(peer, '/release');
    await waitFor('late response', () => c.stats().lateResponses === 1);
    expect((await cmd(peer, '/ledger')).submits).toHaveLength(1);
  });

  it('sends enquire_link every enquireLinkMs while bound', async () => {
    const peer = await startPeer();
    await started(peer, { enquireLinkMs: 100 });
    await waitFor('2 enquire_link', async () => (await cmd(peer, '/ledger')).enquireLinks >= 2);
  });

  it('an SMSC that stops answering enquire_link is left and bound again', async () => {
    const peer = await startPeer();
    const { c } = await started(peer, { enquireLinkMs: 100, responseTimeoutMs: 150 });
    await cmd(peer, '/mute-enquire-link', { on: true });
    await waitFor('left the silent session and bound again', () => c.stats().binds >= 2); // nothing else makes it re-bind
    await cmd(peer, '/mute-enquire-link', { on: false });
    const seen = (await cmd(peer, '/ledger')).enquireLinks;
    await waitFor('2 answered enquire_link', async () => (await cmd(peer, '/ledger')).enquireLinks >= seen + 2 && c.status().state === 'bound');
    expect((await c.send([msg(1, 'back')]))[0].ok).toBe(true);
  });

  it('a dropped connection ends what was in flight outcome_unknown (never resent), re-binds with backoff, and sends resume', async () => {
    const peer = await startPeer();
    const { c } = await started(peer);
    expect((await c.send([msg(1, 'before')]))[0].ok).toBe(true);
    await cmd(peer, '/hold');
    const inflight = c.send([msg(2, 'x'), msg(3, 'y')]);
    await waitFor('2 pending', async () => (await cmd(peer, '/ledger')).pending === 2);
    await cmd(peer, '/drop');
    expect((await inflight).map((r) => !r.ok && !r.transient && r.code)).toEqual(['outcome_unknown', 'outcome_unknown']);
    await cmd(peer, '/release');
    const after = await c.send([msg(4, 'after 1'), msg(5, 'after 2')]);
    expect(after.every((r) => r.ok)).toBe(true);
    const ledger = await cmd(peer, '/ledger');
    expect(ledger.binds.filter((b: any) => b.ok)).toHaveLength(2);
    expect(c.stats().binds).toBe(2);
  });

  it('an unbind from the SMSC is answered, and the session binds again', async () => {
    const peer = await startPeer();
    const { c } = await started(peer);
    await cmd(peer, '/unbind');
    await waitFor('bound again', () => c.stats().binds === 2 && c.status().state === 'bound');
    expect((await c.send([msg(1, 'after unbind')]))[0].ok).toBe(true);
    await c.stop(); // our own unbind: the SMSC sees the session go, and sends after it do not reconnect
    await waitFor('unbound at the SMSC', async () => (await cmd(peer, '/summary')).bound.length === 0);
    expect((await c.send([msg(2, 'after stop')]))[0]).toMatchObject({ ok: false, transient: true, code: 'not_connected' });
    expect(c.stats().binds).toBe(2);
  });

  it('MMS is refused at send time (SMPP carries text only)', async () => {
    const peer = await startPeer();
    const { c } = await started(peer);
    const [r] = await c.send([{ ...msg(1, 'pic'), mediaUrls: ['https://example.test/m/1'] }]);
    expect(r).toMatchObject({ ok: false, transient: false, code: 'mms_not_supported' });
    expect((await cmd(peer, '/summary')).submits).toBe(0);
  });

  it('receipts in order, out of order, duplicated, by text or TLV: every final one reported by its id (the platform drops duplicates), ENROUTE only counted', async () => {
    const peer = await startPeer();
    const { c, receipts } = await started(peer);
    const res = await c.send([msg(1, 'a'), msg(2, 'b'), msg(3, 'c')]);
    const [a, b, cc] = res.map(okId);
    await cmd(peer, '/receipts', { receipts: [{ id: cc, stat: 'DELIVRD', mode: 'tlv' }, { id: a, stat: 'DELIVRD' }, { id: b, stat: 'UNDELIV' }, { id: a, stat: 'DELIVRD' }, { id: b, stat: 'ENROUTE', mode: 'both' }] });
    await waitFor('5 deliver_sm_resp', async () => (await cmd(peer, '/ledger')).deliverResps.length === 5);
    expect(receipts.map((r) => [r.providerMessageId, r.status, r.errorCode])).toEqual([[cc, 'delivered', undefined], [a, 'delivered', undefined], [b, 'undelivered', 'UNDELIV'], [a, 'delivered', undefined]]);
    expect(receipts[0]).toMatchObject({ accountId: 'acct_test', connectionId: 'pc_test', provider: 'smpp' });
    expect(c.stats()).toMatchObject({ intermediateReceipts: 1, receiptsReported: 4 });
    expect((await cmd(peer, '/ledger')).deliverResps.every((r: any) => r.status === 0)).toBe(true);
  });

  it('a sink that fails gets ESME_RX_T_APPN back to the SMSC, and the redelivered receipt is reported', async () => {
    const peer = await startPeer();
    const c = connect(peer);
    const receipts: Receipt[] = [];
    let failures = 1;
    await c.start({ receipts: async (r) => { if (failures-- > 0) throw new Error('database down'); receipts.push(...r); }, inbound: async () => undefined });
    expect(await c.ready(10_000)).toBe(true);
    const [r] = await c.send([msg(1, 'a'.repeat(20))]);
    await cmd(peer, '/receipts', { receipts: [{ id: okId(r), stat: 'DELIVRD' }] });
    await waitFor('1 resp', async () => (await cmd(peer, '/ledger')).deliverResps.length === 1);
    expect((await cmd(peer, '/ledger')).deliverResps.map((x: any) => x.status)).toEqual([0x64]);
    expect(receipts).toHaveLength(0);
    await cmd(peer, '/receipts', { receipts: [{ id: okId(r), stat: 'DELIVRD' }] }); // the SMSC redelivers
    await waitFor('the receipt', () => receipts.length === 1);
    expect(receipts[0]).toMatchObject({ providerMessageId: okId(r), status: 'delivered' });
    // answered once the sink took it (the answer leaves after the sink resolved)
    await waitFor('2 resps', async () => (await cmd(peer, '/ledger')).deliverResps.length === 2);
    expect((await cmd(peer, '/ledger')).deliverResps.map((x: any) => x.status)).toEqual([0x64, 0]);
  });

  it('a thousand messages through a window of 50', async () => {
    const peer = await startPeer();
    const { c } = await started(peer);
    const res = await c.send(Array.from({ length: 1000 }, (_, i) => msg(i, `bulk ${i}`)));
    expect(res.filter((r) => r.ok)).toHaveLength(1000);
    expect(new Set(res.map(okId)).size).toBe(1000);
    expect(c.stats()).toMatchObject({ inflight: 0, window: 50 });
  });

  it('the SMSC can answer every submit with its receipt (for end-to-end runs) and reports duplicates it received', async () => {
    const peer = await startPeer();
    const { c, receipts } = await started(peer);
    await cmd(peer, '/auto-receipts', { stat: 'DELIVRD' });
    const res = await c.send([msg(1, 'one'), msg(2, 'x'.repeat(200)), msg(3, 'one')]);
    await waitFor('4 deliver_sm_resp', async () => (await cmd(peer, '/summary')).deliverResps === 4);
    expect(new Set(receipts.map((r) => r.providerMessageId))).toEqual(new Set(res.flatMap((x) => okId(x).split(','))));
    expect(receipts).toHaveLength(4); // one per part: the platform adds the parts up
    const summary = await cmd(peer, '/summary');
    expect(summary).toMatchObject({ submits: 4, deliverResps: 4 });
    expect(summary.duplicates).toEqual([{ key: '15550002222||one', count: 2 }]);
  });

  it('receiptIdsDecimal: hex ids in submit_sm_resp, decimal in the receipt text', async () => {
    const peer = await startPeer(['--hex-ids']);
    const { c, receipts } = await started(peer, { receiptIdsDecimal: true });
    const [r] = await c.send([msg(1, 'quirky')]);
    expect(okId(r)).toMatch(/^a[0-9a-f]+$/);
    await cmd(peer, '/receipts', { receipts: [{ id: okId(r), stat: 'DELIVRD' }] }); // text only: the id goes out in decimal
    await waitFor('receipt', () => receipts.length === 1);
    expect(receipts[0]).toMatchObject({ providerMessageId: okId(r), status: 'delivered' });
  });

  it('a receipt that arrives before its submit_sm_resp is reported by its id (the platform parks it until the send is recorded)', async () => {
    const peer = await startPeer();
    const { c, receipts } = await started(peer);
    await cmd(peer, '/early', { count: 1, stat: 'DELIVRD' });
    const [r] = await c.send([msg(1, 'early bird')]);
    expect(r.ok).toBe(true);
    await waitFor('the receipt', () => receipts.length === 1);
    expect(receipts[0]).toMatchObject({ providerMessageId: okId(r), status: 'delivered' });
    expect((receipts[0] as { answered?: boolean }).answered).toBeUndefined(); // before its answer: it must not be held up
    expect(c.stats()).toMatchObject({ unknownReceipts: 0 });
    // the usual order (answer, then receipt): it says its submission was answered
    await cmd(peer, '/receipts', { receipts: [{ id: okId(r), stat: 'DELIVRD' }] });
    await waitFor('the second receipt', () => receipts.length === 2);
    expect(receipts[1]).toMatchObject({ providerMessageId: okId(r), answered: true });
  });

  it('a multipart message: its id lists its parts\' ids (1st, 2nd, …); each part\'s receipt is reported by the part\'s own id', async () => {
    const peer = await startPeer();
    const { c, receipts } = await started(peer);
    const [r1] = await c.send([msg(1, 'a'.repeat(400))]);
    const { submits } = await cmd(peer, '/ledger');
    const p1 = submits.sort((x: any, y: any) => x.udh.localeCompare(y.udh)).map((s: any) => s.id);
    expect(p1).toHaveLength(3);
    expect(okId(r1)).toBe(p1.join(','));
    await cmd(peer, '/receipts', { receipts: [{ id: p1[1], stat: 'DELIVRD' }, { id: p1[0], stat: 'UNDELIV', mode: 'tlv' }, { id: p1[2], stat: 'ENROUTE' }] });
    await waitFor('3 resps', async () => (await cmd(peer, '/ledger')).deliverResps.length === 3);
    expect(receipts.map((r) => [r.providerMessageId, r.status])).toEqual([[p1[1], 'delivered'], [p1[0], 'undelivered']]);
  });

  it('receipts the sink could not match are counted as unknown; a resend of the same reference does not resubmit accepted parts', async () => {
    const peer = await startPeer();
    const c = connect(peer);
    await c.start({ receipts: async (r) => ({ unmatched: r.filter((x) => x.providerMessageId === 'nope').length }), inbound: async () => undefined });
    expect(await c.ready(10_000)).toBe(true);
    await cmd(peer, '/receipts', { receipts: [{ id: 'NOPE', stat: 'DELIVRD' }] });
    await waitFor('unknown receipt counted', () => c.stats().unknownReceipts === 1);
    // Counted, answered, never fatal (the answer reaches the SMSC's ledger a moment after the count).
    expect(await waitFor('the unknown receipt answered', async () => { const r = (await cmd(peer, '/ledger')).deliverResps; return r.length ? r : null; })).toEqual([{ status: 0 }]);
    const body = 'z'.repeat(300); // 2 parts
    await cmd(peer, '/throttle', { count: 1 }); // the first part is throttled, the second accepted
    const [first] = await c.send([msg('same', body)]);
    expect(first).toMatchObject({ ok: false, transient: true, code: 'throttled' });
    expect((await cmd(peer, '/ledger')).submits).toHaveLength(1);
    const [again] = await c.send([msg('same', body)]); // the dispatcher's retry: only the missing part goes out
    expect(again.ok).toBe(true);
    const { submits } = await cmd(peer, '/ledger');
    expect(submits).toHaveLength(2);
    expect(new Set(submits.map((x: any) => x.udh.slice(0, 8))).size).toBe(1); // same concatenation reference (IE 00 03 ref total)
    expect(okId(again)).toBe(submits.sort((x: any, y: any) => x.udh.localeCompare(y.udh)).map((x: any) => x.id).join(','));
  });

  it('inbound texts: GSM-7, UCS-2, and concatenated parts out of order as one text', async () => {
    const peer = await startPeer();
    const { inbound, c } = await started(peer);
    await cmd(peer, '/inbound', { from: '15557770000', to: '15550001111', text: 'STOP {now} €' });
    await cmd(peer, '/inbound', { from: '15557770000', to: '15550001111', text: 'Привет 👋', dataCoding: 8 });
    await cmd(peer, '/inbound', { from: '15557770000', to: '15550001111', parts: ['one ', 'two ', 'three'], order: [2, 0, 1] });
    await cmd(peer, '/inbound', { from: '15557770000', to: '15550001111', parts: ['Приве', 'т 👋'], order: [1, 0], dataCoding: 8, ref: 9 });
    await waitFor('4 inbound', () => inbound.length === 4);
    expect(inbound.map((m) => m.body)).toEqual(['STOP {now} €', 'Привет 👋', 'one two three', 'Привет 👋']);
    expect(inbound[0]).toMatchObject({ from: '+15557770000', to: '+15550001111', accountId: 'acct_test', connectionId: 'pc_test' });
    expect(new Set(inbound.map((m) => m.providerMessageId)).size).toBe(4);
    expect(c.stats().inbound).toBe(4);
  });

  it('an inbound text the sink could not take is answered ESME_RX_T_APPN (the SMSC redelivers it)', async () => {
    const peer = await startPeer();
    const c = connect(peer);
    const got: string[] = [];
    let failures = 1;
    await c.start({ receipts: async () => undefined, inbound: async (m) => { if (failures-- > 0) throw new Error('database down'); got.push(...m.map((x) => x.body)); } });
    expect(await c.ready(10_000)).toBe(true);
    await cmd(peer, '/inbound', { from: '15557770000', to: '15550001111', text: 'hello?' });
    await waitFor('1 resp', async () => (await cmd(peer, '/ledger')).deliverResps.length === 1);
    expect((await cmd(peer, '/ledger')).deliverResps[0].status).toBe(0x64);
    await cmd(peer, '/inbound', { from: '15557770000', to: '15550001111', text: 'hello?' });
    await waitFor('2 resps', async () => (await cmd(peer, '/ledger')).deliverResps.length === 2);
    expect((await cmd(peer, '/ledger')).deliverResps.map((x: any) => x.status)).toEqual([0x64, 0]);
    expect(got).toEqual(['hello?']);
  });

  it('bad credentials: test() says auth_failed; the session reports it and backs off long instead of looping', async () => {
    const peer = await startPeer();
    const c = connect(peer, { connectWaitMs: 100 }, 'wrong');
    expect(await c.test()).toEqual({ ok: false, code: 'auth_failed', message: 'bind refused: ESME_RINVPASWD' });
    await c.start(collector().sink);
    const st = await waitFor('auth error', () => (c.status().lastError?.code === 'auth_failed' ? c.status() : null));
    expect(st.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(60_000);
    expect(c.stats().bindAttempts).toBe(1);
    const [r] = await c.send([msg('nc', 'x')]);
    expect(r).toMatchObject({ ok: false, transient: true, code: 'not_connected' });
    expect((await cmd(peer, '/ledger')).binds).toHaveLength(2); // the test() bind and one session bind
    const good = connect(peer);
    expect(await good.test()).toEqual({ ok: true });
  });

  it('a batch on a session that is not bound waits connectWaitMs once, not once per message a sender takes in turn', async () => {
    const peer = await startPeer();
    const c = connect(peer, { connectWaitMs: 300, window: 1 }, 'wrong'); // the bind is refused: backs off long
    await c.start(collector().sink);
    await waitFor('auth error', () => c.status().lastError?.code === 'auth_failed');
    const t0 = Date.now();
    const res = await c.send(Array.from({ length: 20 }, (_, i) => msg(i, `m${i}`)));
    const took = Date.now() - t0;
    expect(res.map((r) => r.reference)).toEqual(Array.from({ length: 20 }, (_, i) => `msg_${i}`));
    expect(res.every((r) => !r.ok && r.transient && r.code === 'not_connected')).toBe(true);
    expect(took).toBeLessThan(3_000); // one wait of 300 ms for the batch (20 × 300 ms one after the other: 6 s)
  });

  it('malformed PDUs are counted and answered; an unparseable stream is counted and the session re-binds', async () => {
    const peer = await startPeer();
    const { c } = await started(peer);
    await cmd(peer, '/raw', { hex: '00000010' + '00000005' + '00000000' + '00000063' }); // deliver_sm with no body
    await cmd(peer, '/raw', { hex: '00000010' + '00000077' + '00000000' + '00000064' }); // unknown command id
    await cmd(peer, '/deliver', { fields: { source_addr: '1', destination_addr: '2', esm_class: 4, short_message: 'garbage' } }); // receipt without id/stat
    await waitFor('3 malformed', () => c.stats().malformedPdus === 3);
    expect(c.stats().binds).toBe(1);
    expect((await c.send([msg(1, 'still fine')]))[0].ok).toBe(true);
    await cmd(peer, '/raw', { hex: '00100000' + '00000005' + '00000000' + '00000065' }); // command_length 1 MiB
    await waitFor('re-bound', () => c.stats().binds === 2 && c.stats().malformedPdus === 4);
    expect((await c.send([msg(2, 'after')]))[0].ok).toBe(true);
  });

  it('invalid settings are reported by test() and refuse sends, never thrown', async () => {
    const c = smppKind.connect({ connectionId: 'pc_x', accountId: 'acct_x', kind: 'smpp', credentials: { systemId: '' }, settings: { host: 'h', port: 0, window: 0 }, webhookUrls: { status: '', inbound: '' } }) as SmppConnection;
    const t = await c.test();
    expect(t).toMatchObject({ ok: false, code: 'invalid_settings' });
    expect(!t.ok && t.message).toContain('settings.window');
    expect(!t.ok && t.message).toContain('credentials.password');
    expect(await c.send([msg(1, 'x')])).toEqual([expect.objectContaining({ ok: false, transient: false, code: 'invalid_settings' })]);
  });

  it.skipIf(!hasOpenssl)('binds over TLS, verifying the SMSC certificate against tlsCa; an untrusted certificate is tls_failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smsc-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    try {
      const peer = await startPeer(['--tls-key', key, '--tls-cert', cert]);
      const untrusted = connect(peer, { tls: true });
      expect(await untrusted.test()).toMatchObject({ ok: false, code: 'tls_failed' });
      const { c, receipts } = await started(peer, { tls: true, tlsCa: readFileSync(cert, 'utf8') });
      expect(await c.test()).toEqual({ ok: true });
      const [r] = await c.send([msg(1, 'over TLS')]);
      await cmd(peer, '/receipts', { receipts: [{ id: okId(r), stat: 'DELIVRD' }] });
      await waitFor('receipt', () => receipts.length === 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('binds TX+RX when asked: submits on the transmitter, receipts on the receiver', async () => {
    const peer = await startPeer();
    const { c, receipts } = await started(peer, { bind: 'tx_rx' });
    expect((await cmd(peer, '/ledger')).bound.sort()).toEqual(['bind_receiver', 'bind_transmitter']);
    const [r] = await c.send([msg(1, 'two sessions')]);
    await cmd(peer, '/receipts', { receipts: [{ id: okId(r), stat: 'DELIVRD' }] });
    await waitFor('receipt', () => receipts.length === 1);
  });
});
