/**
 * The caller a per-address limit counts (public routes' rate limit, the sign-up form's and privacy
 * page's limits): an IPv4 address (an IPv4-mapped IPv6 one too) as is, an
 * IPv6 address by its /64 — one host or home network gets a whole /64, so counting single IPv6
 * addresses would let one caller rotate past every limit. Anything else as given.
 */
export function clientNetwork(ip: string): string {
  const a = ip.trim().toLowerCase();
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (v4) return v4[1];
  if (!a.includes(':') || !/^[0-9a-f:]+$/.test(a) || a.split('::').length > 2) return a;
  const [head, tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = 8 - left.length - right.length;
  if (a.includes('::') ? fill < 1 : fill !== 0) return a;
  const groups = [...left, ...Array<string>(fill).fill('0'), ...right];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return a;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
