import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { policyDocuments } from '../../db/schema/index.js';
import { notFound } from '../../lib/errors.js';

export const POLICY_KINDS = ['terms', 'privacy'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** The exact words a business affirms at sign-up; stored verbatim with each attestation. */
export const CONSENT_ATTESTATION_TEXT =
  "I have obtained my customers' consent to receive text messages from my business.";

export type PolicyDocument = typeof policyDocuments.$inferSelect;

export async function currentPolicy(db: Db, kind: PolicyKind): Promise<PolicyDocument> {
  const [doc] = await db
    .select()
    .from(policyDocuments)
    .where(eq(policyDocuments.kind, kind))
    .orderBy(desc(policyDocuments.publishedAt))
    .limit(1);
  if (!doc) throw notFound(`Policy document ${kind}`);
  return doc;
}

export async function currentPolicies(db: Db) {
  const [terms, privacy] = await Promise.all([currentPolicy(db, 'terms'), currentPolicy(db, 'privacy')]);
  return { terms, privacy };
}

export const presentPolicyRef = (d: PolicyDocument) => ({
  version: d.version,
  lastUpdated: d.lastUpdated,
  url: `/legal/${d.kind}`,
});
