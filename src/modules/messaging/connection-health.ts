/**
 * Connection health and failover rules (issue 8), pure: a circuit per provider connection fed by
 * real traffic, and which failed messages may go through a fallback connection.
 *
 * - closed: batches go to the connection. Transiently failed messages (and unknown outcomes) count
 *   up; a batch with an accepted message resets the count. At `failureThreshold` consecutive
 *   failures — or at once for refused credentials or a session that went down — it opens.
 * - open: nothing is sent to it (its senders use the fallback, or wait, deferred). At
 *   `nextProbeAt` one probe (the connection test) is due: half-open.
 * - half_open: a probe is running; success closes it, failure re-opens it with a doubled delay
 *   (base … max).
 * The connection's stored status follows: closed → `connected`, open/half_open → `error` with the
 * last error. It is written only on a change (not per message or batch).
 */
import type { SendResult } from '../../providers/provider.js';

export type CircuitState = 'closed' | 'open' | 'half_open';
export interface HealthConfig { failureThreshold: number; probeBaseMs: number; probeMaxMs: number }
export interface HealthError { code: string; message: string; at: number }

export interface Health {
  state: CircuitState;
  /** Consecutive failed messages while closed. */
  failures: number;
  /** Failed probes since it opened (the probe delay doubles with each). */
  probes: number;
  /** When a probe is due (open only). */
  nextProbeAt: number;
  lastError: HealthError | null;
}

export type HealthEvent =
  /** What a batch's results say about the connection (see `batchHealth`). */
  | { type: 'batch'; at: number; accepted: number; failed: number; fatal: boolean; error: Omit<HealthError, 'at'> | null }
  /** A long-lived session (SMPP) reports it is bound (up) or not. */
  | { type: 'session'; at: number; up: boolean; error?: Omit<HealthError, 'at'> }
  | { type: 'probe_started'; at: number }
  | { type: 'probe'; at: number; ok: boolean; error?: Omit<HealthError, 'at'> };

export const initialHealth = (status: 'connected' | 'error' | string = 'connected', at = 0, error: HealthError | null = null): Health =>
  status === 'error'
    ? { state: 'open', failures: 0, probes: 0, nextProbeAt: at, lastError: error }
    : { state: 'closed', failures: 0, probes: 0, nextProbeAt: 0, lastError: error };

export const probeDelayMs = (probes: number, cfg: HealthConfig) => Math.min(cfg.probeMaxMs, cfg.probeBaseMs * 2 ** Math.min(probes, 30));

const open = (h: Health, at: number, probes: number, error: HealthError | null, cfg: HealthConfig): Health =>
  ({ state: 'open', failures: 0, probes, nextProbeAt: at + probeDelayMs(probes, cfg), lastError: error ?? h.lastError });
const closed = (h: Health): Health => ({ state: 'closed', failures: 0, probes: 0, nextProbeAt: 0, lastError: h.lastError });

export function nextHealth(h: Health, e: HealthEvent, cfg: HealthConfig): Health {
  const err = (x?: Omit<HealthError, 'at'> | null) => (x ? { ...x, at: e.at } : null);
  switch (e.type) {
    case 'batch': {
      // While open, only a probe (or the session coming back) closes it: a batch that started
      // before it opened proves nothing about now.
      if (h.state !== 'closed') return h;
      if (e.fatal) return open(h, e.at, 0, err(e.error), cfg);
      // An accepted message ends the run of failures before it; this batch's failures start a new one.
      const failures = (e.accepted > 0 ? 0 : h.failures) + e.failed;
      if (failures === h.failures) return h;
      if (failures >= cfg.failureThreshold) return open(h, e.at, 0, err(e.error), cfg);
      return { ...h, failures, lastError: err(e.error) ?? h.lastError };
    }
    case 'session':
      if (e.up) return h.state === 'closed' ? h : closed(h);
      return h.state === 'closed' ? open(h, e.at, 0, err(e.error), cfg) : { ...h, lastError: err(e.error) ?? h.lastError };
    case 'probe_started':
      return h.state === 'open' ? { ...h, state: 'half_open' } : h;
    case 'probe':
      if (h.state !== 'half_open') return h;
      return e.ok ? closed(h) : open(h, e.at, h.probes + 1, err(e.error), cfg);
  }
}

/** What the dispatcher may do with a connection now: send to it, probe it first, or not use it. */
export function routeDecision(h: Health, now: number): 'send' | 'probe' | 'down' {
  if (h.state === 'closed') return 'send';
  if (h.state === 'open' && now >= h.nextProbeAt) return 'probe';
  return 'down';
}

/** The status stored on the connection row for this health. */
export const statusOf = (h: Health): 'connected' | 'error' => (h.state === 'closed' ? 'connected' : 'error');

/**
 * Connection errors no probe or wait can change (the operator does not let us reach the host, the
 * kind is not available): without a fallback the messages are refused finally, not held.
 */
export const FINAL_CONNECTION_CODES = new Set(['host_not_allowed', 'kind_unavailable', 'connection_not_found']);

/** Codes that mean the carrier refused our credentials: the circuit opens at once (no crash loop of retries). */
export const CREDENTIAL_CODES = new Set(['auth_failed', 'invalid_credentials']);

/**
 * A batch's results as a health event: accepted messages; failed ones are transient failures and
 * unknown outcomes (a timeout, a lost connection). A final refusal of one message (an invalid
 * number) is an answer: the carrier is up.
 */
export function batchHealth(results: SendResult[], at: number): Extract<HealthEvent, { type: 'batch' }> {
  let accepted = 0;
  let failed = 0;
  let fatal = false;
  let error: { code: string; message: string } | null = null;
  for (const r of results) {
    if (r.ok) { accepted++; continue; }
    const unknown = r.code === 'outcome_unknown';
    if (CREDENTIAL_CODES.has(r.code)) fatal = true;
    if (r.transient || unknown || CREDENTIAL_CODES.has(r.code)) {
      failed++;
      error = { code: r.code, message: r.message };
    } else accepted++;
  }
  return { type: 'batch', at, accepted: fatal ? 0 : accepted, failed, fatal, error };
}

/**
 * Exactly once across carriers: a failed message may go through another connection only when the
 * carrier definitely did not accept it — the provider says so (`notAccepted`: refused before the
 * request left, connection refused, a 429/5xx/throttle answer, session not bound) — and no earlier
 * attempt may have reached a connection (`pinned`: an unknown outcome or a lease taken over). An
 * unknown outcome stays with its connection's own retry rules (or ends failed, outcome_unknown).
 */
export function mayFailOver(r: SendResult, pinned: boolean): boolean {
  return !r.ok && r.transient && r.notAccepted === true && !pinned;
}
