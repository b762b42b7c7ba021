/**
 * Outbound requests to addresses someone else chose (media URLs, later webhooks): DESIGN asks
 * that they refuse private and loopback addresses unless the operator allows the host. The check
 * runs on the addresses the name resolves to (not on the name), and the connection is pinned to
 * the address that was checked, so a name that resolves differently a moment later (DNS
 * rebinding) cannot slip through. Redirects are followed a few times, each hop checked again.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

export type AddressClass = 'public' | 'private' | 'loopback' | 'link_local' | 'multicast' | 'unspecified' | 'reserved';

const RANGES: Array<[AddressClass, 'ipv4' | 'ipv6', string, number]> = [
  ['unspecified', 'ipv4', '0.0.0.0', 8],
  ['private', 'ipv4', '10.0.0.0', 8],
  ['private', 'ipv4', '100.64.0.0', 10], // carrier-grade NAT
  ['loopback', 'ipv4', '127.0.0.0', 8],
  ['link_local', 'ipv4', '169.254.0.0', 16], // cloud metadata lives here
  ['private', 'ipv4', '172.16.0.0', 12],
  ['reserved', 'ipv4', '192.0.0.0', 24],
  ['reserved', 'ipv4', '192.0.2.0', 24],
  ['private', 'ipv4', '192.168.0.0', 16],
  ['reserved', 'ipv4', '198.18.0.0', 15],
  ['reserved', 'ipv4', '198.51.100.0', 24],
  ['reserved', 'ipv4', '203.0.113.0', 24],
  ['multicast', 'ipv4', '224.0.0.0', 4],
  ['reserved', 'ipv4', '240.0.0.0', 4], // and 255.255.255.255
  ['unspecified', 'ipv6', '::', 128],
  ['loopback', 'ipv6', '::1', 128],
  ['reserved', 'ipv6', '100::', 64],
  ['reserved', 'ipv6', '2001:db8::', 32],
  ['private', 'ipv6', 'fc00::', 7],
  ['link_local', 'ipv6', 'fe80::', 10],
  ['reserved', 'ipv6', 'fec0::', 10],
  ['multicast', 'ipv6', 'ff00::', 8],
];
const lists = new Map<AddressClass, BlockList>();
for (const [cls, type, net, prefix] of RANGES) {
  if (!lists.has(cls)) lists.set(cls, new BlockList());
  lists.get(cls)!.addSubnet(net, prefix, type);
}

/** An IPv4 address carried inside an IPv6 one (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, compatible ::a.b.c.d), else null. */
function embeddedV4(v6: string): string | null {
  const lower = v6.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** What kind of address this is; anything that is not an IP address at all is `reserved`. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const v4 = embeddedV4(bare);
    if (v4) return classifyAddress(v4);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [cls, list] of lists) if (list.check(bare, type)) return cls;
  return 'public';
}

export interface GuardOptions {
  /** Host names (or IP literals) whose non-public addresses may be reached (the operator's choice). */
  allowedHosts: readonly string[];
  /**
   * Whether IP addresses and CIDR blocks in `allowedHosts` also allow any name resolving into them
   * (webhooks: WEBHOOK_ALLOWED_HOSTS). Off, an entry allows only that exact host (media, carriers).
   */
  matchAddresses?: boolean;
  /** When set, only these hosts are fetched from at all, checked before any name is resolved (tests pin it to loopback). */
  onlyHosts?: readonly string[] | null;
  /** Whole-request deadline, redirects included. */
  timeoutMs: number;
  /** The body is cut off (and the fetch refused) past this many bytes. */
  maxBytes: number;
  maxRedirects?: number;
  /** Extra headers (e.g. a carrier's Basic auth), sent only to the first URL's origin. */
  headers?: Record<string, string>;
  /** Name resolution (tests may replace it); defaults to the system resolver. */
  resolve?: (host: string) => Promise<string[]>;
}

export type GuardedResult =
  | { ok: true; bytes: Buffer; declaredType: string | null; url: string }
  | { ok: false; code: 'invalid_url' | 'address_not_allowed' | 'unresolvable' | 'timeout' | 'too_large' | 'http_error' | 'network_error' | 'too_many_redirects'; message: string };

type Fail = Extract<GuardedResult, { ok: false }>;
const fail = (code: Fail['code'], message: string): Fail => ({ ok: false, code, message });

const systemResolve = async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Whether an allow-list names this address itself: an IP literal or a CIDR block (`10.0.0.0/8`,
 * `fd00::/8`). An IPv4 address carried in IPv6 (`::ffff:127.0.0.1`) counts as its IPv4 address.
 */
export function allowsAddress(allowed: readonly string[], address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  const v4 = isIP(bare) === 6 ? embeddedV4(bare) : null;
  const candidates = v4 ? [bare, v4] : [bare];
  for (const entry of allowed) {
    const [net, bits] = entry.replace(/^\[|\]$/g, '').toLowerCase().split('/');
    const family = isIP(net);
    if (!family) continue;
    const list = new BlockList();
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) continue;
    list.addSubnet(net, prefix, type);
    for (const c of candidates) if (isIP(c) === family && list.check(c, type)) return true;
  }
  return false;
}

/** Checks a URL's shape and the addresses of its host; the address to connect to, or why not. */
export async function checkTarget(raw: string, opts: Pick<GuardOptions, 'allowedHosts' | 'onlyHosts' | 'resolve' | 'matchAddresses'>): Promise<{ url: URL; address: string } | Fail> {
  let url: URL;
  try { url = new URL(raw); } catch { return fail('invalid_url', 'Not a URL.'); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('invalid_url', 'Only http and https URLs can be fetched.');
  if (url.username || url.password) return fail('invalid_url', 'URLs with credentials in them are not fetched.');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (opts.onlyHosts && !opts.onlyHosts.includes(host)) return fail('address_not_allowed', `This server fetches media only from ${opts.onlyHosts.join(', ')}.`);
  const checked = await checkHost(host, opts);
  return 'ok' in checked ? checked : { url, address: checked.address };
}

/**
 * A host name or IP literal resolved and each of its addresses checked: public, or the host is in
 * `allowedHosts`. The first address (to pin a connection to), or why not. Also used for carrier hosts.
 */
export async function checkHost(rawHost: string, opts: Pick<GuardOptions, 'allowedHosts' | 'resolve' | 'matchAddresses'>, what = 'fetch from'): Promise<{ address: string } | Fail> {
  const host = rawHost.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) return fail('invalid_url', 'No host.');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try { addresses = await (opts.resolve ?? systemResolve)(host); } catch { return fail('unresolvable', `The host ${host} could not be resolved.`); }
    if (!addresses.length) return fail('unresolvable', `The host ${host} has no address.`);
  }
  const allowed = opts.allowedHosts.includes(host);
  for (const a of addresses) {
    const cls = classifyAddress(a);
    if (cls !== 'public' && !allowed && !(opts.matchAddresses && allowsAddress(opts.allowedHosts, a))) return fail('address_not_allowed', `The host ${host} resolves to a ${cls.replace('_', '-')} address, which this server does not ${what}.`);
  }
  return { address: addresses[0] };
}

/** GET with the guard: every hop's addresses checked, connections pinned to them, a deadline and a size cap. */
export async function guardedGet(raw: string, opts: GuardOptions): Promise<GuardedResult> {
  const deadline = Date.now() + opts.timeoutMs;
  const origin = (() => { try { return new URL(raw).origin; } catch { return null; } })();
  let current = raw;
  for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
    const target = await checkTarget(current, opts);
    if ('ok' in target) return target;
    const left = deadline - Date.now();
    if (left <= 0) return fail('timeout', `No answer within ${opts.timeoutMs} ms.`);
    const r = await getOnce(target.url, target.address, left, opts.maxBytes, target.url.origin === origin ? opts.headers : undefined);
    if (r.kind === 'redirect') {
      try { current = new URL(r.location, target.url).toString(); } catch { return fail('invalid_url', 'The redirect location is not a URL.'); }
      continue;
    }
    if (r.kind === 'fail') return r.fail;
    return { ok: true, bytes: r.bytes, declaredType: r.type, url: target.url.toString() };
  }
  return fail('too_many_redirects', 'Too many redirects.');
}

type Once = { kind: 'done'; bytes: Buffer; type: string | null } | { kind: 'redirect'; location: string } | { kind: 'fail'; fail: Fail };

function getOnce(url: URL, address: string, timeoutMs: number, maxBytes: number, headers?: Record<string, string>): Promise<Once> {
  const lib = url.protocol === 'https:' ? https : http;
  const family = isIP(address);
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: Once) => { if (!settled) { settled = true; clearTimeout(timer); resolve(v); } };
    const req = lib.get(url, {
      headers: { 'user-agent': 'west-message', accept: '*/*', ...headers },
      // Pinned: the socket goes to the address that was checked, whatever the name resolves to now.
      lookup: (_host, options, cb) => {
        if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
        else cb(null, address, family);
      },
      agent: false,
    }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return done({ kind: 'redirect', location: res.headers.location });
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return done({ kind: 'fail', fail: fail('http_error', `The server answered HTTP ${status}.`) });
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        req.destroy();
        return done({ kind: 'fail', fail: fail('too_large', `The file is larger than ${maxBytes} bytes.`) });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          req.destroy();
          return done({ kind: 'fail', fail: fail('too_large', `The file is larger than ${maxBytes} bytes.`) });
        }
        chunks.push(c);
      });
      res.on('end', () => done({ kind: 'done', bytes: Buffer.concat(chunks), type: typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : null }));
      res.on('error', () => done({ kind: 'fail', fail: fail('network_error', 'The download was cut off.') }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ kind: 'fail', fail: fail('timeout', 'No complete answer in time.') });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done({ kind: 'fail', fail: fail('network_error', `Could not fetch (${err.code ?? 'error'}).`) }));
  });
}

/** A `dns.lookup`-shaped function, as net.connect and http.Agent take it. */
export type LookupFn = (hostname: string, options: object, callback: (...args: never[]) => void) => void;

/**
 * A resolver for sockets (net.connect / http.Agent `lookup`) that refuses a host resolving to any
 * non-public address unless the host is allowed: every connection is checked at the moment it is
 * made, so a name that resolves to a private address later (DNS rebinding, a reconnect) is refused.
 */
export function guardedLookup(allowedHosts: readonly string[], resolve: (host: string) => Promise<string[]> = systemResolve): LookupFn {
  return (hostname, options, callback) => {
    const cb = callback as unknown as (err: NodeJS.ErrnoException | null, address?: string | Array<{ address: string; family: number }>, family?: number) => void;
    void checkHost(hostname, { allowedHosts, resolve }, 'connect to').then((r) => {
      if ('ok' in r) return cb(Object.assign(new Error(r.message), { code: r.code === 'unresolvable' ? 'ENOTFOUND' : 'EADDRNOTALLOWED' }));
      // checkHost checked every address; connect to the first (pinned to what was checked).
      const family = isIP(r.address);
      if ((options as { all?: boolean }).all) cb(null, [{ address: r.address, family }]);
      else cb(null, r.address, family);
    });
  };
}
