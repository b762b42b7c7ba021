/**
 * One SMPP session to the SMSC (a bind as transceiver, transmitter or receiver) that keeps itself up:
 * connect → setNoDelay → bind → enquire_link every N s; on close, error, a stuck enquire_link or an
 * unparseable byte stream it tears down and reconnects with exponential backoff and full jitter.
 * Bad credentials back off long (authRetryMs) and are reported, never a fast crash loop.
 */
import smpp, { type PDU, type Session } from 'smpp';
import { STATUS, statusName } from './codec.js';
import { readFast } from './fast-pdu.js';
import type { ConnectionContext } from '../carrier.js';
import { connectErrorCode, type connectOptions } from './settings.js';

export type BindType = 'transceiver' | 'transmitter' | 'receiver';
export type LinkState = 'idle' | 'connecting' | 'bound' | 'backoff' | 'stopped';

export interface LinkOptions {
  connect: ReturnType<typeof connectOptions> & { lookup?: ConnectionContext['lookup'] };
  systemId: string;
  password: string;
  systemType: string;
  bind: BindType;
  enquireLinkMs: number;
  responseTimeoutMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  authRetryMs: number;
}

export interface LinkHooks {
  /** Every PDU the SMSC sends that is not a response to us (deliver_sm, enquire_link, unbind, unknown). */
  onRequest(pdu: PDU, session: Session): void;
  onBound(): void;
  /** The session went down: in-flight requests on it will never be answered. */
  onDown(reason: string): void;
  onMalformed(err: Error): void;
}

export interface LinkError { code: string; message: string; at: Date }

const AUTH_FAILURES: ReadonlySet<number> = new Set([STATUS.ESME_RBINDFAIL, STATUS.ESME_RINVPASWD, STATUS.ESME_RINVSYSID]);

/** A byte stream the package could not parse (it stops reading after one), as opposed to a network or TLS error. */
function isParseError(e: unknown): boolean {
  return e instanceof RangeError || /PDU length/i.test((e as Error)?.message ?? '');
}

export class SmppLink {
  state: LinkState = 'idle';
  session: Session | null = null;
  lastError: LinkError | null = null;
  nextAttemptAt: Date | null = null;
  bindAttempts = 0;
  binds = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private enquireTimer: NodeJS.Timeout | null = null;
  private waiters: Array<() => void> = [];

  constructor(private readonly opts: LinkOptions, private readonly hooks: LinkHooks) {}

  start(): void {
    if (this.state !== 'idle' && this.state !== 'stopped') return;
    this.state = 'connecting';
    this.connect();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    this.clearTimers();
    const s = this.session;
    this.session = null;
    this.wake();
    if (!s) return;
    await new Promise<void>((resolve) => {
      let finished = false;
      const end = () => {
        if (finished) return;
        finished = true;
        clearTimeout(giveUp);
        s.destroy(); // the socket may already be closed: do not wait for a 'close' that came before
        resolve();
      };
      const giveUp = setTimeout(end, 500); // no unbind_resp
      if (!s.unbind(end)) end();
    });
  }

  /** Resolves once bound (true) or when `deadline` passes or the link stops (false). */
  waitBound(deadline: number): Promise<boolean> {
    if (this.state === 'bound') return Promise.resolve(true);
    if (this.state === 'stopped' || Date.now() >= deadline) return Promise.resolve(false);
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.waiters = this.waiters.filter((w) => w !== wake); resolve(false); }, deadline - Date.now());
      const wake = () => { clearTimeout(t); resolve(this.state === 'bound'); };
      this.waiters.push(wake);
    });
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    this.bindAttempts++;
    const s = smpp.connect(this.opts.connect);
    readFast(s); // the per-message PDUs decoded without the package's generic reader (fast-pdu.ts)
    this.session = s;
    let down = false;
    const goDown = (reason: string, retryMs?: number) => {
      if (down) return;
      down = true;
      this.clearTimers();
      if (this.session === s) this.session = null;
      s.destroy();
      this.hooks.onDown(reason);
      this.scheduleReconnect(retryMs);
    };
    s.on(this.opts.connect.tls ? 'secureConnect' : 'connect', () => {
      s.socket.setNoDelay(true);
      this.bind(s, goDown);
    });
    s.on('error', (e: Error) => {
      if (isParseError(e)) this.hooks.onMalformed(e);
      this.noteError(isParseError(e) ? 'malformed_pdu' : connectErrorCode(e), e.message);
      goDown(e.message);
    });
    s.on('close', () => goDown('closed'));
    // The package emits PDUs outside its own try: a throw here would escape as an uncaught exception.
    s.on('pdu', (pdu: PDU) => {
      try {
        if (pdu.isResponse()) return; // answered through the send callbacks
        if (pdu.command === 'unbind') {
          if (!s.send(pdu.response(), () => goDown('unbound by the SMSC'))) goDown('unbound by the SMSC');
          return;
        }
        if (pdu.command === 'enquire_link') {
          s.send(pdu.response());
          return;
        }
        this.hooks.onRequest(pdu, s);
      } catch (e) {
        this.hooks.onMalformed(e as Error);
      }
    });
  }

  private bind(s: Session, goDown: (reason: string, retryMs?: number) => void) {
    const timeout = setTimeout(() => { this.noteError('timeout', 'no bind response'); goDown('bind timeout'); }, this.opts.responseTimeoutMs);
    const cmd = this.opts.bind === 'transceiver' ? 'bind_transceiver' : this.opts.bind === 'transmitter' ? 'bind_transmitter' : 'bind_receiver';
    s[cmd]({ system_id: this.opts.systemId, password: this.opts.password, system_type: this.opts.systemType, interface_version: 0x34 }, (pdu) => {
      clearTimeout(timeout);
      if (this.state === 'stopped') return;
      if (pdu.command_status !== 0) {
        const name = statusName(pdu.command_status, smpp.errors);
        const auth = AUTH_FAILURES.has(pdu.command_status);
        this.noteError(auth ? 'auth_failed' : 'bind_failed', name);
        goDown(`bind refused: ${name}`, auth ? this.opts.authRetryMs : undefined);
        return;
      }
      this.state = 'bound';
      this.failures = 0;
      this.binds++;
      this.lastError = null;
      this.nextAttemptAt = null;
      this.startEnquireLink(s, goDown);
      this.hooks.onBound();
      this.wake();
    });
  }

  private startEnquireLink(s: Session, goDown: (reason: string) => void) {
    this.enquireTimer = setInterval(() => {
      const t = setTimeout(() => { this.noteError('timeout', 'no enquire_link response'); goDown('enquire_link timeout'); }, this.opts.responseTimeoutMs);
      if (!s.enquire_link(() => clearTimeout(t))) clearTimeout(t);
    }, this.opts.enquireLinkMs);
    this.enquireTimer.unref();
  }

  private noteError(code: string, message: string) {
    this.lastError = { code, message, at: new Date() };
  }

  private scheduleReconnect(retryMs?: number) {
    if (this.state === 'stopped') return;
    this.state = 'backoff';
    this.failures++;
    const exp = Math.min(this.opts.reconnectMaxMs, this.opts.reconnectBaseMs * 2 ** Math.min(this.failures - 1, 20));
    const delay = retryMs ?? Math.round(exp / 2 + Math.random() * (exp / 2)); // jitter in [exp/2, exp]
    this.nextAttemptAt = new Date(Date.now() + delay);
    this.timer = setTimeout(() => { this.timer = null; this.connect(); }, delay);
  }

  private clearTimers() {
    if (this.timer) clearTimeout(this.timer);
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.timer = this.enquireTimer = null;
  }
}
