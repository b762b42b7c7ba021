import { describe, expect, it } from 'vitest';
import { planBatch, type Accepted, type Existing, type ImportPolicy } from './batch-writer.js';

const IMPORT = 'imp-1';
const policy = (over: Partial<ImportPolicy> = {}): ImportPolicy => ({
  importId: IMPORT, accountId: 'acc', existing: 'update', consentDescription: 'Signed the paper form', userId: 'usr', actor: { type: 'system', id: null, label: 'import' }, ...over,
});
const row = (e164: string, over: Partial<Accepted> = {}): Accepted => ({
  row: 2, e164, type: 'mobile', country: 'US', firstName: null, lastName: null, email: null, tags: [], notes: null, fields: {},
  timeZone: 'America/New_York', timeZoneSource: 'number', consent: null, phoneHash: `h${e164}`, newId: `new${e164}`, ...over,
});
const found = (e164: string, over: Partial<Existing> = {}): [string, Existing] => [e164, { id: `old${e164}`, phone: e164, import_id: 'earlier', consent_state: 'unknown', ...over }];

describe('planBatch: what an import does to each row', () => {
  const cases: Array<{ name: string; policy?: Partial<ImportPolicy>; row?: Partial<Accepted>; existing?: Partial<Existing> | null; suppressed?: boolean; expect: { action: 'insert' | 'update' | 'skip' | 'duplicate'; state?: string; event?: 'opt_in' | 'opt_out' | null } }> = [
    { name: 'new number, consent described: opted in with evidence', expect: { action: 'insert', state: 'opted_in', event: 'opt_in' } },
    { name: 'new number, no consent basis: unknown, no event', policy: { consentDescription: null }, expect: { action: 'insert', state: 'unknown', event: null } },
    { name: 'new but suppressed number: opted out, never opted in', suppressed: true, expect: { action: 'insert', state: 'opted_out', event: null } },
    { name: 'new number whose consent column says opted out: opt-out event', row: { consent: 'out' }, expect: { action: 'insert', state: 'opted_out', event: 'opt_out' } },
    { name: 'existing unknown contact, update: opted in', existing: {}, expect: { action: 'update', event: 'opt_in' } },
    { name: 'existing opted-out contact: stays out', existing: { consent_state: 'opted_out' }, expect: { action: 'update', event: null } },
    { name: 'existing contact, skip chosen: skipped', policy: { existing: 'skip' }, existing: {}, expect: { action: 'skip' } },
    { name: 'number an earlier batch of this import wrote: duplicate_in_file', existing: { import_id: IMPORT }, expect: { action: 'duplicate' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e164 = '+14155550100';
      const existing = new Map(c.existing ? [found(e164, c.existing)] : []);
      const plan = planBatch(policy(c.policy), [row(e164, c.row)], existing, new Set(c.suppressed ? [`h${e164}`] : []));
      const action = plan.inserts.length ? 'insert' : plan.updates.length ? 'update' : plan.duplicates.length ? 'duplicate' : 'skip';
      expect(action).toBe(c.expect.action);
      if (action === 'skip' || action === 'duplicate') expect(plan.skipped).toBe(1);
      if (action === 'duplicate') expect(plan.duplicates[0]).toMatchObject({ reason: 'duplicate_in_file', value: e164 });
      if (action === 'insert') expect(plan.inserts[0]).toMatchObject({ id: `new${e164}`, state: c.expect.state });
      if (action === 'update') expect(plan.updates[0].id).toBe(`old${e164}`);
      if (c.expect.event !== undefined) expect(plan.consent[0]?.kind ?? null).toBe(c.expect.event);
      if (plan.consent[0]) expect(plan.consent[0]).toMatchObject({ phoneHash: `h${e164}`, source: 'import', evidence: { importId: IMPORT } });
    });
  }
});
