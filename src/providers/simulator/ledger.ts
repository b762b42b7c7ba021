/**
 * The simulated carrier's own storage: accounts, numbers and every message it accepted, kept in
 * an append-only file (one JSON record a line, replayed at start) — never in West Message's
 * tables. `dir: null` keeps everything in memory (tests and benchmarks only).
 */
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export interface SimSettings {
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

export const DEFAULT_SIM_SETTINGS: SimSettings = { latencyMs: 200, undeliveredRate: 0, failedRate: 0, timeoutRate: 0, throttleRate: 0, serverErrorRate: 0 };

export interface SimAccount {
  sid: string; authToken: string; friendlyName: string; parentSid: string | null; status: string;
  /** Where inbound texts of the account go (numbers may name their own). */
  smsUrl: string | null;
  /** Per-account outcome settings (override the server's). */
  settings: Partial<SimSettings>;
}
export interface SimNumber { sid: string; accountSid: string; phoneNumber: string; type: string; smsUrl: string | null; released: boolean }
export interface SimMessage {
  sid: string; accountSid: string; reference: string | null; from: string; to: string; body: string;
  statusCallback: string | null; acceptedAt: number; submissions: number; reported: boolean;
}

type Rec =
  | ({ t: 'a' } & SimAccount)
  | ({ t: 'n' } & SimNumber)
  | { t: 'm'; m: Omit<SimMessage, 'submissions' | 'reported'> }
  | { t: 's'; sid: string }
  | { t: 'r'; sid: string };

export class SimLedger {
  readonly accounts = new Map<string, SimAccount>();
  readonly numbers = new Map<string, SimNumber>();
  readonly messages = new Map<string, SimMessage>();
  /** `${accountSid}:${reference}` → message sid: a resend with the same reference is the same message. */
  readonly byReference = new Map<string, string>();
  /** Accepted, not yet reported, in acceptance order (a prefix of it is due). */
  pending: SimMessage[] = [];
  private out: WriteStream | null = null;
  private readonly file: string | null;

  constructor(dir: string | null) {
    this.file = dir ? join(dir, 'ledger.jsonl') : null;
    if (!dir || !this.file) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (existsSync(this.file)) this.replay(readFileSync(this.file, 'utf8'));
    else appendFileSync(this.file, '', { mode: 0o600 });
    this.out = createWriteStream(this.file, { flags: 'a', mode: 0o600 });
  }

  private replay(text: string) {
    for (const line of text.split('\n')) {
      if (!line) continue;
      let r: Rec;
      try { r = JSON.parse(line) as Rec; } catch { continue; } // a torn last line after a crash
      this.apply(r);
    }
    this.pending = [...this.messages.values()].filter((m) => !m.reported).sort((a, b) => a.acceptedAt - b.acceptedAt);
  }

  private apply(r: Rec) {
    if (r.t === 'a') { const { t: _t, ...a } = r; this.accounts.set(a.sid, a); }
    else if (r.t === 'n') { const { t: _t, ...n } = r; this.numbers.set(n.sid, n); }
    else if (r.t === 'm') {
      const m: SimMessage = { ...r.m, submissions: 1, reported: false };
      this.messages.set(m.sid, m);
      if (m.reference) this.byReference.set(`${m.accountSid}:${m.reference}`, m.sid);
      return m;
    } else if (r.t === 's') { const m = this.messages.get(r.sid); if (m) m.submissions++; }
    else if (r.t === 'r') { const m = this.messages.get(r.sid); if (m) m.reported = true; }
    return null;
  }

  private write(r: Rec) {
    this.out?.write(`${JSON.stringify(r)}\n`);
  }

  putAccount(a: SimAccount) { this.accounts.set(a.sid, a); this.write({ t: 'a', ...a }); }
  putNumber(n: SimNumber) { this.numbers.set(n.sid, n); this.write({ t: 'n', ...n }); }

  accept(m: Omit<SimMessage, 'submissions' | 'reported'>): SimMessage {
    const r: Rec = { t: 'm', m };
    const added = this.apply(r)!;
    this.write(r);
    this.pending.push(added);
    return added;
  }

  resubmitted(m: SimMessage) { m.submissions++; this.write({ t: 's', sid: m.sid }); }

  reported(m: SimMessage) {
    if (m.reported) return;
    m.reported = true;
    this.write({ t: 'r', sid: m.sid });
  }

  /** Drops reported messages from the head of the pending list. */
  compact() {
    if (this.pending.some((m) => m.reported)) this.pending = this.pending.filter((m) => !m.reported);
  }

  async close() {
    const out = this.out;
    this.out = null;
    if (out) await new Promise<void>((r) => out.end(r));
  }
}
