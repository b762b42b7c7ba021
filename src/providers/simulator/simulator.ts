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
  private timer: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private flushing = false;
  private again = false;
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
    // Idempotent by reference: a resend returns the first id and only counts as a submission.
    const { rows } = await txQuery(this.db)<{ reference: string; provider_message_id: string }>(
      `insert into simulator_messages (reference, account_id, provider_message_id, "from", "to", body)
       select u.r, u.a, 'SM' || md5(u.r), u.f, u.t, u.b from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[]) as u(r, a, f, t, b)
       on conflict (reference) do update set submissions = simulator_messages.submissions + 1
       returning reference, provider_message_id`,
      [accepted.map((m) => m.reference), accepted.map((m) => m.accountId), accepted.map((m) => m.from), accepted.map((m) => m.to), accepted.map((m) => m.body)],
    );
    for (const r of rows) results.push({ reference: r.reference, ok: true, providerMessageId: r.provider_message_id });
    this.schedule(this.settings.latencyMs);
    return results;
  }

  private outcome(reference: string): { status: ReceiptStatus; errorCode?: string } {
    const x = fraction(reference, 'outcome');
    if (x < this.settings.failedRate) return { status: 'failed', errorCode: '30008' };
    if (x < this.settings.failedRate + this.settings.undeliveredRate) return { status: 'undelivered', errorCode: '30003' };
    return { status: 'delivered' };
  }

  /** Single flight: at most one report burst at a time; a request during one runs right after. */
  private schedule(waitMs: number) {
    if (this.flushing) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushing = true;
      this.inflight = this.flush()
        .catch(() => undefined)
        .finally(() => {
          this.flushing = false;
          if (this.again) {
            this.again = false;
            this.schedule(0);
          }
        });
    }, waitMs);
    this.timer.unref?.();
  }

  /** Reports a carrier would make on its own: keeps sweeping for due receipts until stopped. */
  start(everyMs = 500) {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    this.sweeper ??= setInterval(() => this.schedule(0), everyMs);
    this.sweeper.unref?.();
  }

  /**
   * Reports every due, unreported receipt, then marks them reported. A crash between the two
   * reports them again later, which changes nothing: statuses only move forward.
   */
  async flush(): Promise<void> {
    const sink = this.sink();
    if (!sink) return;
    for (;;) {
      const { rows } = await txQuery(this.db)<{ reference: string; account_id: string; provider_message_id: string }>(
        `select reference, account_id, provider_message_id from simulator_messages
         where reported_at is null and first_received_at <= now() - make_interval(secs => $1::double precision / 1000)
         order by first_received_at limit 2000`,
        [this.settings.latencyMs],
      );
      if (!rows.length) return;
      // Each receipt goes back on the connection (account) that submitted the message.
      await sink.receipts(rows.map((r) => ({ accountId: r.account_id, provider: this.name, providerMessageId: r.provider_message_id, ...this.outcome(r.reference) })));
      await txQuery(this.db)(`update simulator_messages set reported_at = now() where reference = any($1::text[])`, [rows.map((r) => r.reference)]);
      if (rows.length < 2000) return;
    }
  }

  /** Waits for reports in flight and reports every due one (tests use this to reach a steady state). */
  async settle(): Promise<void> {
    await this.inflight;
    await this.flush();
  }

  /** Receipts not yet reported. */
  async pendingCount(): Promise<number> {
    const { rows: [r] } = await txQuery(this.db)<{ n: number }>(`select count(*)::int n from simulator_messages where reported_at is null`);
    return r.n;
  }

  /** How many distinct messages the carrier received and how often each reference was submitted. */
  async ledger(): Promise<Array<{ reference: string; submissions: number }>> {
    const rows = await this.db.execute(sql`select reference, submissions from simulator_messages`);
    return (rows as unknown as { rows: Array<{ reference: string; submissions: number }> }).rows;
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    if (this.sweeper) clearInterval(this.sweeper);
    this.timer = null;
    this.sweeper = null;
  }
}
