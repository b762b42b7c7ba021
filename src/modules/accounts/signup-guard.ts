import { createRequire } from 'node:module';

/**
 * Fraud at the door (issue 13), the pure part of the sign-up checks: disposable email domains
 * (the maintained `disposable-email-domains` list; a subdomain of a listed domain counts) and the
 * velocity limit per IP address.
 */
let disposable: Set<string> | null = null;
/** Read on the first check, not at import: building the set is ~0.3 s of CPU that every process start paid. */
const disposableDomains = () => (disposable ??= new Set<string>((createRequire(import.meta.url)('disposable-email-domains') as string[]).map((d) => d.toLowerCase())));

/** Whether an email address is at a disposable (throw-away) mail domain or one of its subdomains. */
export function isDisposableEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const labels = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '').split('.');
  const domains = disposableDomains();
  for (let i = 0; i < labels.length - 1; i++) if (domains.has(labels.slice(i).join('.'))) return true;
  return false;
}

/** Whether one more sign-up from an address is over the limit (`limit` 0: no limit). */
export const overSignupVelocity = (recentFromIp: number, limit: number) => limit > 0 && recentFromIp >= limit;
