import { z } from 'zod';
import { IsoDate, IsoDateTime } from '../../lib/dates.js';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** A signed statement of an account's chain head; the owner keeps it outside the database. */
export const AuditCheckpoint = z
  .object({
    accountId: z.string().regex(/^acct_[0-9a-z]{26}$/, 'must be an account id (acct_…)'),
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('number of entries in the chain'),
    hash: hex64.describe('hash of the last entry (64 zeros for an empty chain)'),
    at: z.iso.datetime().describe('when the checkpoint was issued'),
    signature: hex64.describe('HMAC-SHA256 over the fields above, by the server\'s audit key'),
  })
  .strict()
  .meta({ id: 'AuditCheckpoint' });
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

export const AuditVerifyBody = z
  .object({ checkpoint: AuditCheckpoint.optional() })
  .strict()
  .meta({ id: 'AuditVerifyRequest' });

export const AUDIT_PROBLEMS = [
  'hash_mismatch', 'link_broken', 'sequence_gap', 'head_mismatch',
  'checkpoint_signature_invalid', 'checkpoint_other_chain', 'behind_checkpoint', 'checkpoint_mismatch',
] as const;

export const AuditVerification = z
  .object({
    ok: z.boolean(),
    checked: z.number().describe('entries whose MAC and link were checked'),
    firstBrokenId: z.string().optional(),
    reason: z.enum(AUDIT_PROBLEMS).optional().describe(
      'hash_mismatch: an entry was changed or forged without the key; link_broken/sequence_gap: entries removed or reordered; ' +
        'head_mismatch: the stored head disagrees with the entries (tail deleted); checkpoint_signature_invalid: the checkpoint was ' +
        'not issued by this server or was edited; checkpoint_other_chain: it belongs to another account; behind_checkpoint: the chain ' +
        'is now shorter than the checkpoint (truncated); checkpoint_mismatch: the entry at the checkpoint differs (rewritten)',
    ),
    head: z.object({ seq: z.number(), hash: z.string() }).describe('where the intact part of the chain ends'),
  })
  .meta({ id: 'AuditVerification' });

const DateOrTime = z.union([IsoDate(), IsoDateTime()]);

/** Filters of the account's audit log (and its CSV export); they combine. */
export const AuditQuery = z
  .object({
    actor: z.string().max(80).optional().describe('a user or API key id (usr_…, key_…)'),
    actorType: z.enum(['user', 'api_key', 'system', 'operator', 'anonymous', 'partner']).optional(),
    action: z.string().regex(/^[a-z0-9_.]{1,80}$/, 'lowercase letters, digits, _ and .').optional()
      .describe('an action (contact.viewed), or a prefix ending with a dot (contact.)'),
    targetType: z.string().regex(/^[a-z_]{1,40}$/).optional(),
    target: z.string().max(80).optional().describe('a typed id (ct_…, usr_…, cmp_…): events about that one target'),
    from: DateOrTime.optional().describe('from this date or time (inclusive)'),
    to: DateOrTime.optional().describe('up to this date (the whole day) or time (inclusive)'),
  })
  .strict();
