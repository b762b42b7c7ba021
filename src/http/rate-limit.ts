import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientNetwork } from '../lib/client-network.js';
import { AppError } from '../lib/errors.js';

/**
 * Per-caller request rate limits (issue 12): a token bucket per API key, per signed-in person
 * (web sessions) and per IP address (public routes), kept in this process's memory — no database
 * round trip on any request. With several API processes each admits `1/processes` of the configured
 * rate and burst (`API_PROCESSES`), so all together never admit more than the configured limit;
 * a caller whose requests a load balancer spreads unevenly gets somewhat less (README).
 *
 * Answers carry `RateLimit-Limit` (the bucket's size: requests admitted at once), `RateLimit-Remaining`
 * (requests admitted now) and `RateLimit-Reset` (seconds until the bucket is full again), per the IETF
 * httpapi rate-limit headers draft, and `RateLimit-Policy` (`<burst>;w=<seconds to refill>`); a refused
 * request is a 429 `rate_limited` with `Retry-After` (seconds until it would be admitted).
 */

export interface RatePolicy {
  /** Tokens added per second (0: no limit). */
  perSecond: number;
  /** The bucket's size. */
  burst: number;
}

export interface Bucket { tokens: number; at: number }

export interface Take {
  bucket: Bucket;
  allowed: boolean;
  /** Whole requests admitted now (after this one when it was allowed). */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: seconds until this request would be admitted (at least 1). */
  retryAfterSeconds: number;
}

/**
 * One request costing `cost` tokens against a bucket at time `nowMs`. A request costing more than the
 * bucket holds (a batch of many recipients) is admitted only when the bucket is full, and leaves it in
 * debt: later requests wait until the debt is paid back at the policy's rate.
 */
export function takeTokens(prior: Bucket | undefined, policy: RatePolicy, nowMs: number, cost = 1): Take {
  const elapsed = prior ? Math.max(0, nowMs - prior.at) / 1000 : Infinity;
  const tokens = Math.min(policy.burst, (prior?.tokens ?? policy.burst) + elapsed * policy.perSecond);
  const need = Math.min(cost, policy.burst);
  const allowed = tokens >= need;
  const left = allowed ? tokens - cost : tokens;
  const bucket = { tokens: left, at: nowMs };
  return {
    bucket, allowed,
    remaining: Math.max(0, Math.floor(left)),
    resetSeconds: Math.max(0, Math.ceil((policy.burst - left) / policy.perSecond)),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((need - tokens) / policy.perSecond)),
  };
}

/** A policy's share for one of `processes` API processes (at least one token of burst each). */
export function perProcess(policy: RatePolicy, processes: number): RatePolicy {
  const n = Math.max(1, processes);
  return { perSecond: policy.perSecond / n, burst: Math.max(1, Math.floor(policy.burst / n)) };
}

export interface RateLimitConfig {
  /** API keys and web sessions (per person). */
  caller: RatePolicy;
  /** Unauthenticated requests to public routes, per IP address. */
  ip: RatePolicy;
  processes: number;
}

/** Buckets kept at most before idle (full) ones are dropped. */
const SWEEP_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { bucket: Bucket; policy: RatePolicy }>();
  constructor(private readonly now: () => Date) {}

  take(key: string, policy: RatePolicy, cost = 1): Take {
    const nowMs = this.now().getTime();
    const t = takeTokens(this.buckets.get(key)?.bucket, policy, nowMs, cost);
    this.buckets.set(key, { bucket: t.bucket, policy });
    if (this.buckets.size > SWEEP_AT) this.sweep(nowMs);
    return t;
  }

  /** Drops the buckets that have refilled (their caller is idle): a new bucket starts full anyway. */
  private sweep(nowMs: number) {
    for (const [k, { bucket: b, policy }] of this.buckets) {
      if (b.tokens + ((nowMs - b.at) / 1000) * policy.perSecond >= policy.burst) this.buckets.delete(k);
    }
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a request to this route costs against the caller's rate limit (default 1), e.g. a batch's recipients. */
    rateLimitCost?: (request: FastifyRequest) => number;
    /**
     * false: never limited — carriers' signed callbacks and media fetches (a carrier posts thousands
     * of receipts a second from a few addresses and does not retry a refused status callback).
     */
    rateLimit?: false;
  }
}

/** The bucket a request draws from, and its policy; null when it is not limited (operator, health, web assets). */
function bucketOf(request: FastifyRequest, route: FastifyRequest['routeOptions']['config'] | undefined, config: RateLimitConfig): { key: string; policy: RatePolicy } | null {
  if (route?.rateLimit === false) return null;
  const auth = request.auth;
  if (auth) {
    if (auth.apiKeyId) return { key: `key:${auth.apiKeyId}`, policy: config.caller };
    return { key: `user:${auth.userId ?? auth.sessionId ?? auth.accountId}`, policy: config.caller };
  }
  // An IPv6 caller by its /64 (one host gets a whole /64 to rotate through).
  if (route?.access === 'public') return { key: `ip:${clientNetwork(request.ip)}`, policy: config.ip };
  return null;
}

function setHeaders(reply: FastifyReply, policy: RatePolicy, t: Take) {
  void reply.header('ratelimit-limit', String(policy.burst));
  void reply.header('ratelimit-remaining', String(t.remaining));
  void reply.header('ratelimit-reset', String(t.resetSeconds));
  void reply.header('ratelimit-policy', `${policy.burst};w=${Math.max(1, Math.ceil(policy.burst / policy.perSecond))}`);
}

/**
 * Limits every authenticated request (API key, session) and every unauthenticated request to a
 * public route. It runs as each route's own preHandler, so after every hook of the app and of the
 * route's plugin: after authentication, whichever way the route authenticates (the Twilio-compatible
 * API's Basic auth is a hook of its plugin). Register it before the routes.
 */
export function registerRateLimits(app: FastifyInstance, config: RateLimitConfig, now: () => Date) {
  const limiter = new RateLimiter(now);
  const caller = perProcess(config.caller, config.processes);
  const ip = perProcess(config.ip, config.processes);
  const shares: RateLimitConfig = { caller, ip, processes: config.processes };
  app.addHook('onRoute', (route) => {
    route.preHandler = [...(route.preHandler ? [route.preHandler].flat() : []), limit];
  });
  // Callback style: no promise and microtask per request for a check that never waits.
  function limit(request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
    let refused: AppError | null = null;
    try {
      refused = take(request, reply);
    } catch (err) {
      return done(err as Error);
    }
    done(refused ?? undefined);
  }
  function take(request: FastifyRequest, reply: FastifyReply): AppError | null {
    const config = request.routeOptions.config;
    const b = bucketOf(request, config, shares);
    if (!b || b.policy.perSecond <= 0) return null;
    const cost = Math.max(1, config?.rateLimitCost?.(request) ?? 1);
    const t = limiter.take(b.key, b.policy, cost);
    setHeaders(reply, b.policy, t);
    if (t.allowed) return null;
    return new AppError(429, 'rate_limited', `Too many requests: at most ${b.policy.burst} at once and ${+b.policy.perSecond.toFixed(3)} per second; retry in ${t.retryAfterSeconds} s.`, {
      retryAfterSeconds: t.retryAfterSeconds, limit: b.policy.burst, perSecond: b.policy.perSecond, cost,
    });
  }
}
