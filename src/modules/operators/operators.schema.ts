import { z } from 'zod';
import { pageParams } from '../../http/pagination.js';

/** Zod shapes of the operator console API (shared with the web app). */
export const OperatorRoleEnum = z.enum(['support', 'trust_safety', 'admin']);

export const OperatorOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: OperatorRoleEnum,
  totpEnrolled: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'Operator' });

export const OperatorMeOut = z.object({
  via: z.enum(['session', 'token']),
  role: OperatorRoleEnum,
  operator: OperatorOut.nullable().meta({ description: 'null when the bootstrap token is the caller' }),
  tokenEnabled: z.boolean(),
}).meta({ id: 'OperatorMe' });

const email = z.string().trim().email().max(254);
const password = z.string().min(1).max(256);
const name = z.string().trim().min(1).max(200);

export const BootstrapBody = z.object({ email, name, password }).meta({ id: 'OperatorBootstrapInput' });
export const OperatorCreateBody = z.object({ email, name, role: OperatorRoleEnum, password }).meta({ id: 'OperatorCreateInput' });
export const OperatorPatchBody = z.object({ role: OperatorRoleEnum.optional(), disabled: z.boolean().optional() }).strict().meta({ id: 'OperatorPatchInput' });
export const SignInBody = z.object({ email: z.string().trim().max(254), password }).meta({ id: 'OperatorSignInInput' });
export const TotpBody = z.object({ code: z.string().trim().max(12) }).meta({ id: 'OperatorTotpInput' });

export const SignInStepOut = z.object({
  next: z.enum(['totp', 'enrol']).meta({ description: 'enrol: set up two-factor first (POST /v1/operator/signin/enrol), then send a code' }),
  csrfToken: z.string(),
  name: z.string(),
}).meta({ id: 'OperatorSignInStep' });

export const EnrolmentOut = z.object({
  secret: z.string().meta({ description: 'base32, for typing into an authenticator app' }),
  otpauthUri: z.string(),
  qrDataUrl: z.string().meta({ description: 'the otpauth:// URI as a PNG QR code (data: URL)' }),
}).meta({ id: 'OperatorEnrolment' });

export const SignedInOut = z.object({ operator: OperatorOut, csrfToken: z.string(), expiresAt: z.string() }).meta({ id: 'OperatorSignedIn' });

export const TokenStateOut = z.object({ enabled: z.boolean(), disabledAt: z.string().nullable() }).meta({ id: 'OperatorTokenState' });

export const OperatorAuditEntryOut = z.object({
  id: z.string(), seq: z.number().int(), at: z.string(), action: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  ip: z.string().nullable(), details: z.record(z.string(), z.unknown()),
}).meta({ id: 'OperatorAuditEntry' });

export const OperatorAuditQuery = z.object({ before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
export const OperatorAuditPage = z.object({ data: z.array(OperatorAuditEntryOut), nextBefore: z.number().int().nullable() }).meta({ id: 'OperatorAuditPage' });
export const OperatorAuditVerification = z.object({
  ok: z.boolean(), checked: z.number().int(), reason: z.string().nullable(), firstBrokenId: z.string().nullable(), headSeq: z.number().int(),
}).meta({ id: 'OperatorAuditVerification' });

export const AccountsQuery = z.object({
  q: z.string().max(200).optional().meta({ description: 'Search: account name, legal name or a member\'s email' }),
  status: z.string().max(40).optional(),
  ...pageParams(50, 200),
}).strict();

const Usage = z.object({ outbound: z.number().int(), inbound: z.number().int(), failed: z.number().int() });

export const ConsoleAccountOut = z.object({
  id: z.string(), name: z.string(), status: z.string(), kind: z.string(), createdAt: z.string(), ownerEmail: z.string().nullable(),
  numbers: z.number().int(), messagesLast30Days: Usage,
}).meta({ id: 'ConsoleAccount' });

export const OperatorNoteOut = z.object({
  id: z.string(), body: z.string(), createdAt: z.string(), operator: z.object({ id: z.string(), name: z.string() }),
}).meta({ id: 'OperatorNote' });

export const ConsoleAccountDetailOut = z.object({
  account: z.object({
    id: z.string(), name: z.string(), legalName: z.string().nullable(), website: z.string().nullable(), status: z.string(), kind: z.string(),
    defaultCountry: z.string(), timeZone: z.string(), createdAt: z.string(),
  }),
  usage: z.object({ days: z.number().int(), messages: Usage }),
  numbers: z.array(z.object({ id: z.string(), phoneNumber: z.string(), type: z.string(), provider: z.string(), createdAt: z.string() })),
  connections: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string(), status: z.string(), lastErrorCode: z.string().nullable(), createdAt: z.string() })),
  members: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string(), since: z.string() })),
  notes: z.array(OperatorNoteOut),
  sections: z.record(z.string(), z.unknown()).meta({ description: 'Sections other modules add (e.g. signals, enforcement, billing)' }),
}).meta({ id: 'ConsoleAccountDetail' });

export const NoteBody = z.object({ body: z.string().max(5000) }).meta({ id: 'OperatorNoteBody' });
