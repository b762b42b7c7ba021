/**
 * A test SMSC in its own process, built on the `smpp` package's server (an implementation we did not write):
 *
 *   node --import tsx test/peers/smsc.ts --port 0 [--system-id test --password secret] [--tls-key k.pem --tls-cert c.pem]
 *
 * prints one JSON line `{"port": …, "admin": …}`. Everything happens on command, never on a timer, through
 * the admin HTTP port (POST JSON): /ledger (GET), /reset, /receipts, /inbound, /throttle, /fail, /hold,
 * /release, /delay, /mute-enquire-link, /early, /auto-receipts, /summary, /unbind, /drop, /deliver, /raw. The ledger records every bind and submit_sm and how often a
 * (destination, text) was received.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage } from 'node:http';
import smpp, { type PDU, type Session } from 'smpp';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const name = process.argv[i].replace(/^--/, '');
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) args.set(name, 'true');
  else { args.set(name, value); i++; }
}
const SYSTEM_ID = args.get('system-id') ?? 'test';
const PASSWORD = args.get('password') ?? 'secret';
/** `--hex-ids`: message ids in hex in submit_sm_resp, and in decimal in the receipt text (a common SMSC quirk). */
const HEX_IDS = args.has('hex-ids');

interface Submit { id: string; source: string; dest: string; dataCoding: number; esmClass: number; udh: string | null; text: string }
const ledger = {
  binds: [] as Array<{ command: string; systemId: string; ok: boolean }>,
  submits: [] as Submit[],
  enquireLinks: 0,
  deliverResps: [] as Array<{ status: number }>,
  maxPending: 0,
};
let nextId = 1000;
let throttleNext = 0;
let failNext: { count: number; status: number } = { count: 0, status: 0 };
let hold = false;
/** When set, every submit_sm is answered this many ms after it came (a slow SMSC; /delay {ms}, 0 to stop; /reset clears it). */
let delayMs = 0;
let muteEnquireLink = false;
/** When set, every accepted submit_sm is followed by its receipt (after the resp), e.g. for the dispatch benchmark. */
let autoReceipt: string | null = null;
/** How often each (destination, UDH, text) was received: more than once means a duplicate reached the SMSC. */
const received = new Map<string, number>();
let early: { count: number; stat: string; wait: boolean } = { count: 0, stat: 'DELIVRD', wait: true };
const held: Array<() => void> = [];
const bound = new Map<Session, string>();

/**
 * Cheaper on the hot path, same bytes on the wire: the package's GSM coder rebuilds its table check
 * (Object.keys of a 128-entry map) on every call — memoised here per table; and everything a session
 * writes in one turn of the event loop leaves in one write (cork until the next turn) instead of a
 * syscall per PDU.
 */
const gsm = (smpp as unknown as { gsmCoder: { getCoder(encoding: number): unknown } }).gsmCoder;
const coderOf = gsm.getCoder.bind(gsm);
const coders = new Map<number, unknown>();
gsm.getCoder = (encoding: number) => {
  let c = coders.get(encoding);
  if (c === undefined) coders.set(encoding, (c = coderOf(encoding)));
  return c;
};
function corkPerTurn(session: Session) {
  const send = session.send.bind(session);
  let corked = false;
  session.send = (pdu, onResponse, onSent) => {
    if (!corked && session.socket) {
      corked = true;
      session.socket.cork();
      setImmediate(() => { corked = false; session.socket.uncork(); });
    }
    return send(pdu, onResponse, onSent);
  };
}

const tlsFiles = args.get('tls-key') && args.get('tls-cert') ? { key: readFileSync(args.get('tls-key')!), cert: readFileSync(args.get('tls-cert')!) } : {};
const server = smpp.createServer(tlsFiles, (session) => {
  corkPerTurn(session);
  session.on('error', () => undefined);
  session.on('close', () => bound.delete(session));
  for (const cmd of ['bind_transceiver', 'bind_transmitter', 'bind_receiver']) {
    session.on(cmd, (pdu: PDU) => {
      const ok = pdu.system_id === SYSTEM_ID && pdu.password === PASSWORD;
      ledger.binds.push({ command: cmd, systemId: String(pdu.system_id), ok });
      if (!ok) { session.send(pdu.response({ command_status: smpp.errors.ESME_RINVPASWD })); return; }
      session.send(pdu.response({ system_id: 'TESTSMSC' }));
      bound.set(session, cmd);
    });
  }
  session.on('enquire_link', (pdu: PDU) => { ledger.enquireLinks++; if (!muteEnquireLink) session.send(pdu.response()); });
  session.on('unbind', (pdu: PDU) => { session.send(pdu.response()); session.close(); });
  session.on('deliver_sm_resp', (pdu: PDU) => { ledger.deliverResps.push({ status: pdu.command_status }); });
  session.on('submit_sm', (pdu: PDU) => onSubmit(session, pdu));
});

function onSubmit(session: Session, pdu: PDU) {
  if (!bound.has(session) || bound.get(session) === 'bind_receiver') { session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS })); return; }
  if (throttleNext > 0) { throttleNext--; session.send(pdu.response({ command_status: smpp.errors.ESME_RTHROTTLED })); return; }
  if (failNext.count > 0) { failNext.count--; session.send(pdu.response({ command_status: failNext.status })); return; }
  const sm = pdu.short_message as { message?: string | Buffer; udh?: Buffer[] };
  const id = HEX_IDS ? (0xa0000 + nextId++).toString(16) : String(nextId++);
  ledger.submits.push({
    id, source: String(pdu.source_addr), dest: String(pdu.destination_addr), dataCoding: Number(pdu.data_coding), esmClass: Number(pdu.esm_class),
    udh: sm.udh?.length ? Buffer.concat(sm.udh).toString('hex') : null, text: typeof sm.message === 'string' ? sm.message : '',
  });
  const last = ledger.submits[ledger.submits.length - 1];
  const key = `${last.dest}|${last.udh ?? ''}|${last.text}`;
  received.set(key, (received.get(key) ?? 0) + 1);
  const answer = () => {
    session.send(pdu.response({ message_id: id }));
    if (autoReceipt) for (const r of receivers()) { sendReceipt(r, id, autoReceipt, 'both'); break; }
  };
  if (early.count > 0) { // the receipt goes out first; the resp once the client answered it (or right after it: wait false)
    early.count--;
    if (!early.wait) { sendReceipt(session, id, early.stat, 'text'); answer(); return; }
    sendReceipt(session, id, early.stat, 'text', () => answer());
    return;
  }
  if (hold) { held.push(answer); ledger.maxPending = Math.max(ledger.maxPending, held.length); return; }
  if (delayMs > 0) { setTimeout(answer, delayMs); return; }
  answer();
}

function receivers(): Session[] {
  return [...bound].filter(([, cmd]) => cmd !== 'bind_transmitter').map(([s]) => s);
}

function receiptText(id: string, stat: string, err = '000') {
  return `id:${id} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2611300600 done date:2611300601 stat:${stat} err:${err} text:hello`;
}

const STATES: Record<string, number> = { ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };

function sendReceipt(session: Session, id: string, stat: string, mode: 'text' | 'tlv' | 'both', onResp?: () => void) {
  const tlv = mode !== 'text' ? { receipted_message_id: id, message_state: STATES[stat] } : {};
  session.deliver_sm({
    source_addr: '15550000001', destination_addr: '15550000002', esm_class: 0x04, data_coding: 0,
    // The receipt text is letters, digits, spaces and colons: the same octets in GSM-7 (data_coding 0) as in ASCII, so it goes as those octets.
    short_message: mode === 'tlv' ? '' : Buffer.from(receiptText(HEX_IDS ? BigInt(`0x${id}`).toString(10) : id, stat), 'latin1'), ...tlv,
  }, () => onResp?.());
}

function udh(ref: number, total: number, seq: number) { return Buffer.from([5, 0, 3, ref, total, seq]); }

async function body(req: IncomingMessage): Promise<Record<string, any>> {
  let s = '';
  for await (const c of req) s += c;
  return s ? JSON.parse(s) : {};
}

const admin = createHttp(async (req, res) => {
  const b = await body(req);
  const path = req.url ?? '/';
  // Connection: close — a kept-alive admin socket that the server times out (5 s) while a test's next command reuses it
  // fails that command with "other side closed" (seen in a loaded CI run).
  const done = (v: unknown = { ok: true }) => { res.setHeader('content-type', 'application/json'); res.setHeader('connection', 'close'); res.end(JSON.stringify(v)); };
  switch (path) {
    case '/ledger': return done({ ...ledger, pending: held.length, bound: [...bound.values()] });
    case '/summary': return done({ binds: ledger.binds.length, submits: ledger.submits.length, enquireLinks: ledger.enquireLinks, deliverResps: ledger.deliverResps.length, pending: held.length, bound: [...bound.values()], duplicates: [...received].filter(([, n]) => n > 1).map(([k, n]) => ({ key: k, count: n })) });
    case '/auto-receipts': autoReceipt = b.stat ?? null; return done(); // {stat: 'DELIVRD'} or {} to stop
    case '/reset': ledger.binds = []; ledger.submits = []; ledger.deliverResps = []; ledger.maxPending = 0; received.clear(); delayMs = 0; return done();
    case '/throttle': throttleNext = b.count; return done();
    case '/fail': failNext = { count: b.count, status: b.status }; return done();
    case '/mute-enquire-link': muteEnquireLink = Boolean(b.on); return done();
    case '/hold': hold = true; return done();
    case '/delay': delayMs = Number(b.ms) || 0; return done();
    case '/release': hold = false; for (const f of held.splice(0)) f(); return done();
    case '/early': early = { count: b.count, stat: b.stat ?? 'DELIVRD', wait: b.wait ?? true }; return done();
    case '/unbind': for (const s of [...bound.keys()]) s.unbind(); return done();
    case '/drop': for (const s of [...bound.keys()]) s.destroy(); bound.clear(); return done();
    case '/receipts': // {receipts: [{id, stat, mode?}]} in the given order (duplicates and any order allowed)
      for (const r of b.receipts) for (const s of receivers()) sendReceipt(s, r.id, r.stat, r.mode ?? 'text');
      return done();
    case '/inbound': { // {from, to, text, dataCoding?, parts?: string[], order?: number[], ref?}
      const s = receivers()[0];
      if (!s) return done({ ok: false, error: 'no receiver bound' });
      const base = { source_addr_ton: 1, source_addr_npi: 1, source_addr: b.from, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: b.to, data_coding: b.dataCoding ?? 0 };
      if (!b.parts) s.deliver_sm({ ...base, short_message: b.text });
      else {
        const order: number[] = b.order ?? b.parts.map((_: string, i: number) => i);
        for (const i of order) s.deliver_sm({ ...base, short_message: { udh: udh(b.ref ?? 7, b.parts.length, i + 1), message: b.parts[i] } });
      }
      return done();
    }
    case '/deliver': for (const s of receivers()) s.deliver_sm(b.fields); return done(); // any deliver_sm, e.g. a receipt whose text is garbage
    case '/raw': for (const s of receivers()) s.socket.write(Buffer.from(b.hex, 'hex')); return done();
    default: res.statusCode = 404; return done({ ok: false });
  }
});

server.listen(Number(args.get('port') ?? 0), '127.0.0.1', () => {
  admin.listen(0, '127.0.0.1', () => {
    const port = (server.address() as { port: number }).port;
    const adminPort = (admin.address() as { port: number }).port;
    process.stdout.write(`${JSON.stringify({ port, admin: adminPort })}\n`);
  });
});
process.on('SIGTERM', () => process.exit(0));
