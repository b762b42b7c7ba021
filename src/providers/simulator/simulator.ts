import { createHash, randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import type { CarrierSink, NumberType, OutboundSms, Provider, ReceiptStatus, SendResult } from '../provider.js';

export interface SimulatorSettings {
  /** Milliseconds between acceptance and the delivery receipt. */
  latencyMs: number;
  /** Share of messages per final outcome; the rest are delivered. */
  undeliveredRate: number;
  failedRate: number;
  /** Injected faults at submission, as shares of submissions. */
  timeoutRate: number;
  throttleRate: number;
  serverErrorRate: number;
}

export const DEFAULT_SIMULATOR: SimulatorSettings = { latencyMs: 200, undeliveredRate: 0, failedRate: 0, timeoutRate: 0, throttleRate: 0, serverErrorRate: 0 };

/** A number in [0, 1) derived from a reference: outcomes repeat for the same message. */
const fraction = (reference: string, salt: string) => createHash('sha256').update(`${salt}:${reference}`).digest().readUInt32BE(0) / 2 ** 32;

/**
 * A carrier in the database: it hands out numbers, accepts sends (recording each reference
 * once, however often it is resent), and reports delivery after a latency with a
 * configurable outcome mix and injected faults.
 */
export class SimulatorProvider implements Provider {
  readonly name = 'simulator';
  settings: SimulatorSettings = { ...DEFAULT_SIMULATOR };
  private pending: Array<{ at: number; providerMessageId: string; status: ReceiptStatus; errorCode?: string }> = [];
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> = Promise.resolve();
  private attempt = 0;

  constructor(private readonly db: Db, private readonly sink: () => CarrierSink | null) {}

  async provisionNumber(opts: { type: NumberType; country: string }) {
    const phoneNumber =
      opts.type === 'toll_free' ? `+1833${randomInt(2_000_000, 9_999_999)}`
      : opts.type === 'short_code' ? `${randomInt(20000, 99999)}`
      : `+1${[201, 312, 415, 512, 646, 702][randomInt(0, 6)]}${randomInt(200, 999)}${String(randomInt(0, 10000)).padStart(4, '0')}`;
    return { phoneNumber, providerRef: `SIM-PN-${randomInt(1e9, 1e10 - 1)}` };
  }

  /** The submission fault for this attempt, if any (counted per call, so a retry can pass). */
  private fault(reference: string): SendResult | null {
    const r = fraction(reference, `fault:${this.attempt++}`);
    const s = this.settings;
    if (r < s.timeoutRate) return { reference, ok: false, transient: true, code: 'timeout', message: 'The carrier did not answer in time.' };
    if (r < s.timeoutRate + s.throttleRate) return { reference, ok: false, transient: true, code: '429', message: 'Too many requests.' };
    if (r < s.timeoutRate + s.throttleRate + s.serverErrorRate) return { reference, ok: false, transient: true, code: '503', message: 'Carrier unavailable.' };
    return null;
  }

  async send(batch: OutboundSms[]): Promise<SendResult[]> {
    const results: SendResult[] = [];
    const accepted: OutboundSms[] = [];
    for (const m of batch) {
      const f = this.fault(m.reference);
      if (f) results.push(f);
      else accepted.push(m);
    }
    if (!accepted.length) return results;
    // Idempotent by reference: a resend returns the first id and does not count as received again.
    const { rows } = await txQuery(this.db)<{ reference: string; provider_message_id: string }>(
      `insert into simulator_messages (reference, provider_message_id, "from", "to", body)
       select u.r, 'SM' || md5(u.r), u.f, u.t, u.b from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as u(r, f, t, b)
       on conflict (reference) do update set submissions = simulator_messages.submissions + 1
       returning reference, provider_message_id`,
      [accepted.map((m) => m.reference), accepted.map((m) => m.from), accepted.map((m) => m.to), accepted.map((m) => m.body)],
    );
    const now = Date.now();
    for (const r of rows) {
      results.push({ reference: r.reference, ok: true, providerMessageId: r.provider_message_id });
      const x = fraction(r.reference, 'outcome');
      const status: ReceiptStatus = x < this.settings.failedRate ? 'failed' : x < this.settings.failedRate + this.settings.undeliveredRate ? 'undelivered' : 'delivered';
      this.pending.push({ at: now + this.settings.latencyMs, providerMessageId: r.provider_message_id, status, errorCode: status === 'delivered' ? undefined : status === 'failed' ? '30008' : '30003' });
    }
    this.schedule();
    return results;
  }

  private schedule() {
    if (this.timer || !this.pending.length) return;
    const wait = Math.max(0, Math.min(...this.pending.map((p) => p.at)) - Date.now());
    this.timer = setTimeout(() => {
      this.inflight = this.flush();
    }, wait);
    this.timer.unref?.();
  }

  /** Reports every due receipt in one call (batched, as a carrier's webhook burst would be). */
  async flush(): Promise<void> {
    this.timer = null;
    const now = Date.now();
    const due = this.pending.filter((p) => p.at <= now);
    this.pending = this.pending.filter((p) => p.at > now);
    const sink = this.sink();
    if (due.length && sink) {
      await sink.receipts(due.map((d) => ({ provider: this.name, providerMessageId: d.providerMessageId, status: d.status, errorCode: d.errorCode }))).catch(() => {
        this.pending.push(...due); // the platform was busy or stopping: report again later
      });
    }
    this.schedule();
  }

  /** Waits for reports in flight and sends every due one (tests use this to reach a steady state). */
  async settle(): Promise<void> {
    await this.inflight;
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
  }

  /** Receipts not yet reported. */
  get pendingCount() {
    return this.pending.length;
  }

  /** How many distinct messages the carrier received and how often each reference was submitted. */
  async ledger(): Promise<Array<{ reference: string; submissions: number }>> {
    const rows = await this.db.execute(sql`select reference, submissions from simulator_messages`);
    return (rows as unknown as { rows: Array<{ reference: string; submissions: number }> }).rows;
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
