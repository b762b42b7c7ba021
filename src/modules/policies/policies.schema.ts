import { z } from 'zod';
import { POLICY_KINDS } from './policies.service.js';

export const PolicyKindParam = z.enum(POLICY_KINDS);

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD.').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Not a calendar date.');

export const PublishPolicyBody = z.object({
  kind: PolicyKindParam,
  version: z.string().trim().regex(/^[A-Za-z0-9._-]{1,40}$/, 'Letters, digits, dot, dash, underscore; at most 40.').optional()
    .meta({ description: 'Defaults to lastUpdated' }),
  title: z.string().trim().min(1).max(200).optional().meta({ description: 'Defaults to "Terms of Service" / "Privacy Policy"' }),
  body: z.string().trim().min(1).max(200_000).meta({ description: 'Markdown (rendered without raw HTML)' }),
  lastUpdated: IsoDate.meta({ description: 'The "Last updated" date shown on the page (YYYY-MM-DD)' }),
  material: z.boolean().meta({ description: 'A material change asks every user to accept it again at their next sign-in' }),
}).strict();

export const PolicyVersionOut = z.object({
  version: z.string(), lastUpdated: z.string(), material: z.boolean(), publishedAt: z.string(), url: z.string(),
}).meta({ id: 'PolicyVersion' });

export const LegalDocumentOut = z.object({
  kind: PolicyKindParam, version: z.string(), lastUpdated: z.string(), title: z.string(),
  body: z.string().meta({ description: 'Markdown' }),
  material: z.boolean(), current: z.boolean().meta({ description: 'false for an earlier version' }),
  history: z.array(PolicyVersionOut).meta({ description: 'Every version of this document, newest first' }),
}).meta({ id: 'LegalDocument' });

export const OperatorPolicyOut = z.object({
  id: z.string(), kind: PolicyKindParam, version: z.string(), title: z.string(), lastUpdated: z.string(), material: z.boolean(),
  publishedAt: z.string(), current: z.boolean(),
}).meta({ id: 'OperatorPolicy' });

export const PendingPolicyOut = z.object({
  kind: PolicyKindParam, version: z.string(), title: z.string(), lastUpdated: z.string(), url: z.string(),
}).meta({ id: 'PendingPolicy' });

export const PolicyAcceptanceOut = z.object({
  required: z.boolean().meta({ description: 'true: the web app asks the person to accept these before anything else' }),
  documents: z.array(PendingPolicyOut),
}).meta({ id: 'PolicyAcceptance' });

export const AcceptPoliciesBody = z.object({
  accept: z.array(z.object({ kind: PolicyKindParam, version: z.string().min(1).max(40) }).strict()).min(1).max(2),
}).strict();

export const AcceptedPoliciesOut = z.object({
  accepted: z.array(z.object({ kind: PolicyKindParam, version: z.string() })),
}).meta({ id: 'AcceptedPolicies' });

export const NoticeOut = z.object({
  id: z.string().meta({ description: 'Stable: the web app remembers a dismissal by it' }),
  kind: z.string().meta({ description: 'policy | transfer | …' }),
  title: z.string(), body: z.string(),
  until: z.string().meta({ description: 'Shown until this time' }),
  href: z.string().nullable().optional(),
}).meta({ id: 'Notice' });

export const SubprocessorsOut = z.object({
  lastUpdated: z.string(),
  data: z.array(z.object({
    name: z.string(), category: z.enum(['carrier', 'email', 'hosting']), purpose: z.string(), data: z.string(), location: z.string(), since: z.string(),
  }).meta({ id: 'Subprocessor' })),
  changes: z.array(z.object({ date: z.string(), change: z.string() })).meta({ description: 'Newest first' }),
}).meta({ id: 'Subprocessors' });
