/**
 * An SMPP 3.4 connection (one account's bind to a carrier's SMSC): a window of in-flight submit_sm that
 * halves on ESME_RTHROTTLED and grows back one slot per accepted submit; messages over one segment go
 * out as concatenated parts (the message's id lists its parts' ids; each part's receipt is reported
 * by its id and the platform adds them up); receipts and inbound texts reach the sink,
 * and deliver_sm_resp is answered only once the sink took them (ESME_RX_T_APPN otherwise, so the SMSC
 * redelivers). Malformed PDUs and unknown receipt ids are counted, never fatal.
 */
import smpp, { type PDU, type Session } from 'smpp';
import { leaseLost, type CarrierConnection, type CarrierInbound, type CarrierMessage, type CarrierSink, type ConnectionContext, type SendOptions } from '../carrier.js';
import type { Receipt, SendResult } from '../provider.js';
import { buildParts, canonicalId, concatInfo, ESM_RECEIPT, fromSmppAddress, MESSAGE_STATE, parseReceiptText, receiptErrorCode, smppAddress, STAT_STATUS, STATUS, submitOutcome, type ParsedReceipt, type SubmitPart } from './codec.js';
import { deliverSmRespPdu, submitSmPdu } from './fast-pdu.js';
import { SmppLink, type LinkOptions } from './link.js';
import { PartTracker, type Tracked } from './tracker.js';
import { testBind } from './probe.js';
import { Coalescer, InboundAssembler } from './inbound.js';
import { connectOptions, parseSettings, type SmppSettings } from './settings.js';

type Failure = Extract<SendResult, { ok: false }>;
/** Part failures after which the SMSC may hold the part (its submit_sm went out). */
const UNKNOWN_PART = new Set(['timeout', 'connection_lost', 'stopped']);
/** Part failures after which the SMSC may hold the part: its submit_sm went out and no answer came. */
const WRITTEN_UNANSWERED: ReadonlySet<string> = new Set(['timeout', 'connection_lost', 'stopped']);
/** How many recently accepted submit_sm ids a connection remembers (receipts for them may wait for their recording). */
const ANSWERED_IDS_KEPT = 100_000;
type PartResult = { ok: true; id: string } | { ok: false; transient: boolean; code: string; message: string };

export interface SmppStats {
  window: number; inflight: number; submitted: number; accepted: number; throttled: number; timeouts: number;
  malformedPdus: number; unknownReceipts: number;
  intermediateReceipts: number; receiptsReported: number; inbound: number; lateResponses: number; binds: number; bindAttempts: number;
}

export class SmppConnection implements CarrierConnection {
  readonly kind = 'smpp' as const;
  readonly capabilities = { mms: false, provision: false, sessions: true };
  private readonly settings: SmppSettings | null;
  private readonly settingsError: string | null;
  private tx: SmppLink | null = null;
  private rx: SmppLink | null = null;
  private sink: CarrierSink | null = null;
  private started = false;
  private stopped = false;
  private limit = 0;
  private inflight = 0;
  private pausedUntil = 0;
  private throttleStreak = 0;
  /**
   * Who waits for a window slot, per batch (send call) in the order the batches started: a slot goes to the earliest
   * batch with a waiter, so a batch's senders that got their answer go on before a later batch's — the earlier batch
   * finishes (and is recorded, its early receipts freed) first, as when each batch queued all its messages at once.
   * A batch's queue stays in the map until its send ends (a re-added key would move to the end).
   */
  private readonly slotWaiters = new Map<number, Array<() => void>>();
  private batches = 0;
  private pumpQueued = false;
  private pumpTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<{ session: Session; fail: (code: string) => void }>();
  private readonly tracker: PartTracker;
  private readonly assembler: InboundAssembler;
  private readonly receiptsOut: Coalescer<Receipt & { connectionId: string }>;
  private readonly inboundOut: Coalescer<CarrierInbound>;
  private ref8 = Math.floor(Math.random() * 256);
  /** When the SMSC last answered a submit_sm (any answer). */
  private answeredAt = 0;
  /** The most recent accepted submit_sm ids (canonical, bounded): a receipt for one of them came after its answer. */
  private readonly answeredIds = new Set<string>();
  private readonly counters = { submitted: 0, accepted: 0, throttled: 0, timeouts: 0, malformedPdus: 0, unknownReceipts: 0, intermediateReceipts: 0, receiptsReported: 0, inbound: 0, lateResponses: 0 };

  constructor(private readonly ctx: ConnectionContext) {
    const parsed = parseSettings(ctx.credentials, ctx.settings);
    this.settings = parsed.ok ? parsed.settings : null;
    this.settingsError = parsed.ok ? null : parsed.message;
    this.limit = this.settings?.window ?? 1;
    this.tracker = new PartTracker(this.settings?.maxTracked ?? 500_000);
    this.assembler = new InboundAssembler(this.settings?.inboundPartsMs ?? 300_000);
    // The sink says how many receipts named no message nor part it knows (parked for a send not recorded yet, or unknown).
    this.receiptsOut = new Coalescer(async (items) => { this.counters.unknownReceipts += (await this.requireSink().receipts(items))?.unmatched ?? 0; });
    this.inboundOut = new Coalescer((items) => this.requireSink().inbound(items));
  }

  async test(): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
    if (!this.settings) return { ok: false, code: 'invalid_settings', message: this.settingsError! };
    return testBind(this.settings);
  }

  async start(sink: CarrierSink): Promise<void> {
    this.sink = sink;
    this.stopped = false;
    this.startLinks();
  }

  /** Unbinds and closes; sends after it answer `not_connected` (transient) until start() is called again. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.sweepTimer = this.pumpTimer = null;
    await Promise.all([this.tx?.stop(), this.rx?.stop()]);
    for (const p of [...this.pending]) p.fail('stopped');
    this.pausedUntil = 0;
    const w = [...this.slotWaiters.values()].flat();
    for (const q of this.slotWaiters.values()) q.length = 0;
    for (const f of w) { this.inflight++; f(); }
  }

  /** Link state for the connection's status: bound, or the last error (auth_failed, unreachable, …) and the next attempt. */
  status() {
    const links = [this.tx, this.rx].filter((l): l is SmppLink => l !== null);
    const err = links.map((l) => l.lastError).find((e) => e !== null) ?? (this.settingsError ? { code: 'invalid_settings', message: this.settingsError, at: new Date() } : null);
    return { state: links.length && links.every((l) => l.state === 'bound') ? 'bound' : links[0]?.state ?? 'idle', lastError: err, nextAttemptAt: links.map((l) => l.nextAttemptAt).find((d) => d) ?? null };
  }

  badInput() {
    return { malformedPdus: this.counters.malformedPdus, unknownReceipts: this.counters.unknownReceipts };
  }

  lastAnswerAt() {
    return this.answeredAt;
  }

  stats(): SmppStats {
    const links = [this.tx, this.rx].filter((l): l is SmppLink => l !== null);
    return { ...this.counters, window: this.limit, inflight: this.inflight, binds: links.reduce((n, l) => n + l.binds, 0), bindAttempts: links.reduce((n, l) => n + l.bindAttempts, 0) };
  }

  /** Resolves true once every link is bound (tests, and the connection's test-on-save after start). */
  async ready(timeoutMs: number): Promise<boolean> {
    this.startLinks();
    const deadline = Date.now() + timeoutMs;
    const links = [this.tx, this.rx].filter((l): l is SmppLink => l !== null);
    return (await Promise.all(links.map((l) => l.waitBound(deadline)))).every(Boolean);
  }

  async send(batch: CarrierMessage[], opts: SendOptions = {}): Promise<SendResult[]> {
    if (!this.settings) return batch.map((m) => ({ reference: m.reference, ok: false, transient: false, code: 'invalid_settings', message: this.settingsError! }));
    if (this.stopped) return batch.map((m) => ({ reference: m.reference, ok: false, transient: true, code: 'not_connected', message: 'SMPP connection stopped' }));
    this.startLinks();
    // At most a window's worth of the batch is being sent at once (each takes a slot, then waits for its answer): the rest
    // stay plain messages until a sender is free, instead of every message's send state (parts, promises, timers) being
    // built at once and kept through the batch (the dispatcher has DISPATCH_CONCURRENCY × DISPATCH_BATCH messages out at once, 4 × 1,000 by default, against a window of 50 by default, 500 in the bench).
    // One wait for the bind per batch (connectWaitMs from now), as when every message waited at once: a message a sender
    // takes later does not wait again (an unbound session would hold the batch batch/window × connectWaitMs).
    const bindBy = Date.now() + this.settings.connectWaitMs;
    const results: SendResult[] = new Array(batch.length);
    const ord = ++this.batches;
    this.slotWaiters.set(ord, []);
    let next = 0;
    const sender = async () => {
      while (next < batch.length) {
        const i = next++;
        results[i] = await this.sendOne(batch[i], bindBy, ord, opts.live);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(batch.length, this.settings.window) }, sender));
    } finally {
      this.slotWaiters.delete(ord);
    }
    return results;
  }

  /** The session-state hook (connection health): bound, or down with the last link error. Not after stop(). */
  private reportSession(up: boolean, reason?: string) {
    if (this.stopped || !this.sink?.session) return;
    if (up) return this.sink.session({ up });
    const err = [this.tx, this.rx].map((l) => l?.lastError).find((e) => e) ?? { code: 'unbound', message: `SMPP session down: ${reason ?? 'unbound'}` };
    this.sink.session({ up, code: err.code, message: err.message });
  }

  private startLinks() {
    const s = this.settings;
    if (!s || this.started) return;
    this.started = true;
    // Every (re)connect resolves through the connection's guarded lookup when it has one (ConnectionContext.lookup): a host re-pointed at a private address later is refused.
    const base: Omit<LinkOptions, 'bind'> = { ...s, connect: { ...connectOptions(s), ...(this.ctx.lookup ? { lookup: this.ctx.lookup } : {}) } };
    const hooks = (name: string) => ({
      onRequest: (pdu: PDU, session: Session) => this.onRequest(pdu, session),
      onBound: () => { if (this.status().state === 'bound') this.reportSession(true); },
      onDown: (reason: string) => {
        for (const p of [...this.pending]) if (name === 'tx') p.fail('connection_lost');
        this.reportSession(false, reason);
      },
      onMalformed: () => { this.counters.malformedPdus++; },
    });
    this.tx ??= new SmppLink({ ...base, bind: s.bind === 'tx_rx' ? 'transmitter' : 'transceiver' }, hooks('tx'));
    if (s.bind === 'tx_rx') this.rx ??= new SmppLink({ ...base, bind: 'receiver' }, hooks('rx'));
    this.tx.start();
    this.rx?.start();
    this.sweepTimer = setInterval(() => this.assembler.expire(), Math.max(50, Math.floor(s.inboundPartsMs / 4)));
    this.sweepTimer.unref();
  }

  private async sendOne(m: CarrierMessage, bindBy: number, ord: number, live?: (reference: string) => boolean): Promise<SendResult> {
    if (m.mediaUrls?.length) return { reference: m.reference, ok: false, transient: false, code: 'mms_not_supported', message: 'SMPP carries text only' };
    let built: ReturnType<typeof buildParts>;
    let tracked: Tracked;
    try {
      // Built once for a single part (no UDH, so no reference in it); several parts are built again with their reference.
      const first = buildParts(m.body, 0, m.encoding);
      tracked = this.tracker.open(m.reference, first.parts.length, () => (this.ref8 = (this.ref8 + 1) & 0xff));
      built = first.parts.length > 1 ? buildParts(m.body, tracked.ref8, m.encoding) : first;
    } catch (e) {
      return { reference: m.reference, ok: false, transient: false, code: 'invalid_body', message: (e as Error).message };
    }
    const results = await Promise.all(built.parts.map(async (part, i): Promise<PartResult> => {
      const known = tracked.ids[i];
      if (known !== undefined) return { ok: true, id: known }; // accepted on an earlier attempt of this reference
      // An id that arrives after the timeout is still recorded: the dispatcher's retry of this reference skips the part.
      return this.submitPart(m, part, bindBy, ord, (id) => this.tracker.accepted(tracked, i, id), live);
    }));
    const failures = results.filter((r): r is Extract<PartResult, { ok: false }> => !r.ok);
    if (failures.length === 0) {
      this.tracker.forget(tracked);
      return { reference: m.reference, ok: true, providerMessageId: PartTracker.messageId(tracked) };
    }
    const worst = failures.find((f) => !f.transient) ?? failures[0];
    const out: Failure = { reference: m.reference, ok: false, transient: worst.transient, code: worst.code, message: worst.message };
    // At most once: a part that went out unanswered may be at the SMSC, and SMPP has no idempotency key.
    const unanswered = failures.find((f) => WRITTEN_UNANSWERED.has(f.code));
    if (unanswered) {
      this.tracker.forget(tracked);
      return { reference: m.reference, ok: false, transient: false, code: 'outcome_unknown', message: `submit_sm went out and its answer did not come (${unanswered.code}); SMPP has no idempotency key, so it is not resent` };
    }
    if (!out.transient) this.tracker.forget(tracked);
    // Failover: no part is at the SMSC and every part was refused before or by it (not a timeout or a lost session).
    if (tracked.ids.every((id) => id === undefined) && failures.every((f) => !UNKNOWN_PART.has(f.code))) out.notAccepted = true;
    return out;
  }

  private async submitPart(m: CarrierMessage, part: SubmitPart, bindBy: number, ord: number, onId: (id: string) => void, live?: (reference: string) => boolean): Promise<PartResult> {
    const s = this.settings!;
    const tx = this.tx!;
    if (!(await tx.waitBound(bindBy))) return { ok: false, transient: true, code: 'not_connected', message: tx.lastError?.message ?? 'SMPP session not bound' };
    await this.acquire(ord);
    const session = tx.session;
    if (!session || tx.state !== 'bound') { this.release(); return { ok: false, transient: true, code: 'not_connected', message: 'SMPP session not bound' }; }
    // The batch's claims may have run out while this part waited for its slot (SendOptions.live): not submitted (another worker may take the message over).
    // Asked right before the submission (nothing awaited from here to session.send): a true answer counts the message as possibly at the SMSC.
    if (live && !live(m.reference)) { this.release(); const { code, message } = leaseLost(m.reference); return { ok: false, transient: true, code, message }; }
    const src = smppAddress(m.from);
    const dst = smppAddress(m.to);
    this.counters.submitted++;
    return new Promise<PartResult>((resolve) => {
      let done = false;
      const entry = { session, fail: (code: string) => finish({ ok: false, transient: true, code, message: `SMPP session ${code.replace('_', ' ')}` }) };
      const finish = (r: PartResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.pending.delete(entry);
        this.release();
        resolve(r);
      };
      const timer = setTimeout(() => { this.counters.timeouts++; finish({ ok: false, transient: true, code: 'timeout', message: `no submit_sm_resp within ${s.responseTimeoutMs} ms` }); }, s.responseTimeoutMs);
      this.pending.add(entry);
      let sent: boolean;
      try {
        corkTurn(session);
        // Encoded straight into its bytes (fast-pdu.ts: the same octets the package's submit_sm writes).
        sent = session.send(submitSmPdu({
          serviceType: s.serviceType ?? '', sourceTon: src.ton, sourceNpi: src.npi, source: src.addr,
          destTon: dst.ton, destNpi: dst.npi, dest: dst.addr,
          esmClass: part.esmClass, registeredDelivery: 1, dataCoding: part.dataCoding, shortMessage: part.shortMessage,
        }), (pdu) => {
          this.answeredAt = Date.now();
          const o = submitOutcome(pdu.command_status, smpp.errors);
          const id = o.ok && typeof pdu.message_id === 'string' ? pdu.message_id : '';
          if (done) { // answered after our timeout
            this.counters.lateResponses++;
            if (id) onId(id);
            return;
          }
          if (o.ok) {
            if (!id) return finish({ ok: false, transient: false, code: 'no_message_id', message: 'submit_sm_resp without a message_id' });
            this.counters.accepted++;
            this.onAccepted();
            this.answeredIds.add(canonicalId(id));
            if (this.answeredIds.size > ANSWERED_IDS_KEPT) this.answeredIds.delete(this.answeredIds.values().next().value!);
            onId(id);
            return finish({ ok: true, id });
          }
          if (o.code === 'throttled') this.onThrottled();
          finish({ ok: false, transient: o.transient, code: o.code, message: `SMSC answered ${o.code}` });
        });
      } catch (e) { // a value the package cannot encode: this message only
        return finish({ ok: false, transient: false, code: 'invalid_message', message: (e as Error).message });
      }
      if (!sent) entry.fail('not_connected');
    });
  }

  // ---- window ----
  private acquire(ord: number): Promise<void> {
    return new Promise((resolve) => { this.slotWaiters.get(ord)!.push(resolve); this.pumpSoon(); });
  }

  private release() {
    this.inflight--;
    this.pumpSoon();
  }

  /**
   * Slots are handed out once per turn of the event loop, after the answers of the turn: a sender whose text was
   * just answered has queued again by then, so its batch keeps its place before a later batch's waiting senders.
   */
  private pumpSoon() {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => { this.pumpQueued = false; this.pump(); });
  }

  private pump() {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      this.pumpTimer ??= setTimeout(() => { this.pumpTimer = null; this.pump(); }, wait);
      return;
    }
    if (this.inflight >= this.limit) return;
    for (const q of this.slotWaiters.values()) {
      while (this.inflight < this.limit && q.length) { this.inflight++; q.shift()!(); }
      if (this.inflight >= this.limit) return;
    }
  }

  private onThrottled() {
    const s = this.settings!;
    this.counters.throttled++;
    this.throttleStreak++;
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    this.pausedUntil = Date.now() + Math.min(s.throttleMaxBackoffMs, s.throttleBackoffMs * 2 ** Math.min(this.throttleStreak - 1, 10));
  }

  private onAccepted() {
    this.throttleStreak = 0;
    if (this.limit < this.settings!.window) this.limit++;
  }

  // ---- what the SMSC sends ----
  private onRequest(pdu: PDU, session: Session) {
    try {
      if (pdu.command === 'deliver_sm') return this.onDeliver(pdu, session);
      if (pdu.command === 'alert_notification') return;
      this.counters.malformedPdus++; // unknown command ids, or requests an ESME is never sent
      session.send(pdu.command === 'unknown' ? pdu.response() : pdu.response({ command_status: 0x03 }));
    } catch {
      this.counters.malformedPdus++;
    }
  }

  private onDeliver(pdu: PDU, session: Session) {
    // The answer keeps the sequence number only, not the PDU: a receipt may wait for its message's recording.
    const sequence = pdu.sequence_number;
    const answer = (status = 0) => { corkTurn(session); session.send(deliverSmRespPdu(sequence, status)); };
    const esm = typeof pdu.esm_class === 'number' ? pdu.esm_class : -1;
    if (esm >= 0 && (esm & ESM_RECEIPT) !== 0) {
      const r = this.parseReceipt(pdu);
      if (!r) { this.counters.malformedPdus++; return answer(); }
      return this.onReceipt(r, answer);
    }
    const sm = messageOf(pdu);
    const from = typeof pdu.source_addr === 'string' ? fromSmppAddress(pdu.source_addr, pdu.source_addr_ton as number) : '';
    const to = typeof pdu.destination_addr === 'string' ? fromSmppAddress(pdu.destination_addr, pdu.dest_addr_ton as number) : '';
    if (!sm || !from || !to) { this.counters.malformedPdus++; return answer(); }
    const body = this.assembler.add(from, to, concatInfo(sm.udh), sm.text);
    if (body === null) return answer(); // a part of a concatenated text: kept until the others arrive
    this.counters.inbound++;
    const msg: CarrierInbound = { accountId: this.ctx.accountId, connectionId: this.ctx.connectionId, from, to, body, providerMessageId: `smpp-in-${crypto.randomUUID()}` };
    this.inboundOut.push(msg).then(() => answer(), () => answer(STATUS.ESME_RX_T_APPN));
  }

  private parseReceipt(pdu: PDU): ParsedReceipt | null {
    const fromText = messageOf(pdu)?.text;
    const text = fromText ? parseReceiptText(fromText) : null;
    let id = typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id ? pdu.receipted_message_id : null;
    if (!id && text) id = this.settings?.receiptIdsDecimal && /^[0-9]{1,30}$/.test(text.id) ? BigInt(text.id).toString(16) : text.id;
    const stat = (typeof pdu.message_state === 'number' ? MESSAGE_STATE[pdu.message_state] : undefined) ?? text?.stat;
    if (!id || !stat) return null;
    return { id, stat, err: text?.err ?? null };
  }

  /** Each part's final receipt is reported by its id (the platform adds a multipart message's parts up); ENROUTE/ACCEPTD are only counted. */
  private onReceipt(r: ParsedReceipt, answer: (status?: number) => void) {
    const status = STAT_STATUS[r.stat];
    if (status === 'sent') {
      this.counters.intermediateReceipts++;
      return answer();
    }
    const errorCode = receiptErrorCode(r);
    const providerMessageId = canonicalId(r.id);
    const receipt = {
      accountId: this.ctx.accountId, connectionId: this.ctx.connectionId, provider: 'smpp', providerMessageId, status, ...(errorCode ? { errorCode } : {}),
      // its submit_sm was answered before it came: the SMSC is not holding that answer for it
      ...(this.answeredIds.has(providerMessageId) ? { answered: true } : {}),
    };
    this.receiptsOut.push(receipt).then(
      () => { this.counters.receiptsReported++; answer(); },
      () => answer(STATUS.ESME_RX_T_APPN),
    );
  }

  private requireSink(): CarrierSink {
    if (!this.sink) throw new Error('SMPP connection not started with a sink');
    return this.sink;
  }
}

/**
 * The PDUs written in one turn of the event loop (a batch's submit_sm, the answers to a burst of
 * receipts) leave in one write (writev) instead of one syscall each; the socket is uncorked at the
 * next turn. setNoDelay stays on: nothing waits for more data than this turn produced.
 */
const corked = new WeakSet<object>();
function corkTurn(session: Session) {
  const socket = session.socket;
  if (!socket || corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  setImmediate(() => { corked.delete(socket); socket.uncork(); });
}

/** The text of a deliver_sm (short_message, else message_payload) as the package decoded it by data_coding. */
function messageOf(pdu: PDU): { text: string; udh?: Buffer[] } | null {
  for (const field of [pdu.short_message, pdu.message_payload]) {
    const f = field as { message?: unknown; udh?: Buffer[] } | undefined;
    if (f && typeof f === 'object' && typeof f.message === 'string' && f.message.length > 0) return { text: f.message, udh: f.udh };
  }
  return null;
}
