import { z } from 'zod';

const Tags = z.array(z.string().trim().min(1).max(50)).max(10);
const Text = (max: number) => z.string().trim().min(1).max(max);

export const KeywordIn = z.object({
  word: z.string().max(40).meta({ description: 'The keyword customers text, e.g. JOIN (1–2 words of letters/digits; not STOP, HELP, START, YES, Y…)' }),
  programName: Text(60),
  frequency: Text(80).meta({ description: 'Message frequency as the confirmation states it, e.g. "Up to 4 msgs/month"' }),
  tags: Tags.optional(),
  doubleOptIn: z.boolean().optional(),
  numberId: z.string().max(100).nullable().optional().meta({ description: 'Only texts to this number (pn_… or E.164); null: every number of the account' }),
}).strict();

export const KeywordPatch = KeywordIn.partial().strict();

export const KeywordOut = z.object({
  id: z.string(), word: z.string(), programName: z.string(), frequency: z.string(), tags: z.array(z.string()), doubleOptIn: z.boolean(),
  numberId: z.string().nullable(), phoneNumber: z.string().nullable(),
  confirmationText: z.string().meta({ description: 'The CTIA confirmation a joining customer gets' }),
  createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'JoinKeyword' });

export const SignupFormIn = z.object({
  slug: z.string().max(40).meta({ description: 'The page address: /join/<slug> (3–40 lower-case letters, digits, hyphens)' }),
  title: Text(100),
  description: z.string().trim().max(500).nullable().optional(),
  consentWording: Text(2000).meta({ description: 'The exact consent wording shown beside the checkbox (kept as evidence with every sign-up)' }),
  programName: Text(60),
  frequency: Text(80),
  askName: z.boolean().optional().meta({ description: 'Whether the page asks for a name (optional for the person); default true. The phone is always required.' }),
  confirmBy: z.enum(['code', 'reply']).default('code').meta({ description: 'code: a code texted to the phone, typed into the page; reply: the person replies Y' }),
  tags: Tags.optional(),
  numberId: z.string().max(100).nullable().optional().meta({ description: 'The number that texts the code (pn_… or E.164); null: the account\'s first number' }),
  enabled: z.boolean().optional(),
  embedOrigins: z.array(z.string().max(200)).max(20).optional().meta({ description: 'Sites that may frame the page (https://example.com); empty: any site' }),
}).strict();

export const SignupFormOut = z.object({
  id: z.string(), slug: z.string(), url: z.string(), version: z.number().int(), enabled: z.boolean(),
  title: z.string(), description: z.string().nullable(), consentWording: z.string(), programName: z.string(), frequency: z.string(),
  askName: z.boolean(), confirmBy: z.enum(['code', 'reply']), tags: z.array(z.string()), numberId: z.string().nullable(), phoneNumber: z.string().nullable(),
  embedOrigins: z.array(z.string()), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'SignupForm' });

/** A public sign-up (form post or JSON). */
export const JoinIn = z.object({
  phone: z.string().max(40),
  name: z.string().max(100).optional(),
  consent: z.union([z.literal('yes'), z.literal('on'), z.literal(true)]).optional(),
  token: z.string().max(300),
}).strict();

export const JoinConfirmIn = z.object({ ticket: z.string().max(300), code: z.string().max(20) }).strict();

export const JoinOut = z.object({
  status: z.enum(['code_sent', 'reply_requested', 'subscribed']),
  ticket: z.string().optional().meta({ description: 'What POST /join/:slug/confirm takes with the code' }),
});
