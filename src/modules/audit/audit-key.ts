import { createHmac } from 'node:crypto';
import type { Config } from '../../config.js';

const LABEL = 'west-message/audit-chain-key/v1';

/**
 * The key that MACs audit entries and signs checkpoints: `AUDIT_KEY` when set, else derived
 * from `SECRET_KEY` under its own label (so it is never the key that hashes tokens).
 * It lives in the server's configuration only, never in the database.
 */
export function deriveAuditKey(config: Pick<Config, 'auditKey' | 'secretKey'>): Buffer {
  const root = config.auditKey ?? config.secretKey;
  if (!root) throw new Error('audit key: neither AUDIT_KEY nor SECRET_KEY is configured');
  return createHmac('sha256', root).update(LABEL).digest();
}

let processKey: Buffer | null = null;

/**
 * Audit entries are written from inside other modules' transactions (`recordAudit(tx, …)`),
 * where no configuration is at hand; the process sets its key once at start
 * (`startServices`), like its logger. Every process of an installation must use the same.
 */
export function useAuditKey(key: Buffer): void {
  processKey = key;
}

export function currentAuditKey(): Buffer {
  if (!processKey) throw new Error('audit key not set: call useAuditKey() at start (startServices does)');
  return processKey;
}
