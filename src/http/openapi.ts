import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Access } from './auth.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, isOperatorAccess } from './auth.js';
import { MEDIA_TYPES_KEY } from './responses.js';

type Transform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;
type TransformInput = Parameters<Transform>[0];
type Schema = Record<string, unknown> & { response?: Record<string, Record<string, unknown>> };

const TAGS: Array<{ name: string; description: string }> = [
  { name: 'auth', description: 'Sign-up, sign-in, sign-out and passwords.' },
  { name: 'account', description: 'The account, its profile, members and invitations.' },
  { name: 'api-keys', description: 'API keys for the REST API.' },
  { name: 'sessions', description: 'Your signed-in sessions and devices, and your sign-in history.' },
  { name: 'audit', description: 'The hash-chained audit log.' },
  { name: 'contacts', description: 'Contacts, bulk actions and export.' },
  { name: 'segments', description: 'Saved contact filters.' },
  { name: 'custom-fields', description: 'Custom contact fields.' },
  { name: 'consent', description: 'Consent evidence and the suppression list.' },
  { name: 'compliance', description: 'Quiet hours (send windows) and the account\'s compliance rules for marketing texts.' },
  { name: 'imports', description: 'CSV contact imports.' },
  { name: 'numbers', description: 'Sending phone numbers.' },
  { name: 'messages', description: 'Sending and reading text messages.' },
  { name: 'conversations', description: 'The shared inbox.' },
  { name: 'simulator', description: 'The simulated carrier (test your flows without a real carrier).' },
  { name: 'policies', description: 'Terms of service and privacy policy.' },
  { name: 'operator', description: 'Platform operator tools.' },
  { name: 'health', description: 'Liveness and readiness probes.' },
  { name: 'twilio', description: 'The Twilio-compatible API: its credentials and inbound webhook log. The API itself (/2010-04-01/Accounts/{AccountSid}/Messages…) follows Twilio\'s documentation and is not in this document (README: Twilio-compatible API).' },
];

const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey', in: 'cookie', name: SESSION_COOKIE,
    description: `Browser session (set by sign-in). Writes also need the \`${CSRF_HEADER}\` header carrying the \`${CSRF_COOKIE}\` cookie.`,
  },
  bearer: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer <key>`.' },
  operatorSession: {
    type: 'apiKey', in: 'cookie', name: 'wm_op_session',
    description: 'Operator session (password, then TOTP code: POST /v1/operator/signin…). Writes also need the `x-operator-csrf` header carrying the `wm_op_csrf` cookie.',
  },
  operatorToken: { type: 'http', scheme: 'bearer', description: 'The bootstrap operator token (`OPERATOR_TOKEN`), until an admin operator turns it off.' },
} as const;

export const swaggerOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'West Message API',
      version: '1',
      description: 'Business texting: contacts, consent, imports, messages and the shared inbox. Errors are `{error:{code,message,details}, requestId}`; lists are `{data, nextCursor}`.',
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: TAGS,
    components: { securitySchemes: SECURITY_SCHEMES },
  },
  transform: (input) => describeRoute(input, jsonSchemaTransform(input) as { schema: Schema; url: string }),
  transformObject: jsonSchemaTransformObject,
};

/** The app's OpenAPI document. Named response schemas are also emitted as `<Name>Input`: those no operation uses are dropped. */
export function openApiDocumentOf(app: FastifyInstance): Record<string, unknown> {
  const doc = structuredClone(app.swagger()) as unknown as Record<string, unknown>;
  const schemas = (doc.components as { schemas?: Record<string, unknown> } | undefined)?.schemas;
  if (!schemas) return doc;
  const refs = (value: unknown) => [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
  const used = new Set<string>();
  const queue = refs(doc.paths);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (used.has(name)) continue;
    used.add(name);
    queue.push(...refs(schemas[name]));
  }
  for (const name of Object.keys(schemas)) if (name.endsWith('Input') && !used.has(name)) delete schemas[name];
  return doc;
}

/** `GET /v1/contacts/:id/consent` → `getContactsIdConsent`. */
export function operationIdFor(method: string, url: string): string {
  const words = url
    .replace(/^\/v1\//, '/')
    .split(/[/.\-_:{}]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  return method.toLowerCase() + words.join('');
}

function securityFor(access: Access | undefined): Array<Record<string, string[]>> {
  if (access === undefined || access === 'public') return [];
  if (access === 'operator' || isOperatorAccess(access)) return [{ operatorSession: [] }, { operatorToken: [] }];
  return [{ session: [] }, { bearer: [] }];
}

function accessNote(access: Access | undefined): string | null {
  if (!access || typeof access === 'string') return null;
  if (isOperatorAccess(access)) return `Needs an operator with the ${access.operator} role (or admin).`;
  const scope = access.scope ? ` API keys need the \`${access.scope}\` scope (GET /v1/api-keys/scopes describes each).` : '';
  const business = access.businessOnly ? " A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants." : '';
  return `Needs the ${access.role} role or higher.${scope}${business}`;
}

/** Adds what the zod schemas cannot say: operationId, security, access notes, non-JSON bodies. */
function describeRoute(input: TransformInput, out: { schema: Schema; url: string }) {
  if (!out.schema || out.schema.hide) return out;
  const schema: Schema = { ...out.schema };
  const method = [input.route.method].flat()[0] as string;
  const access = input.route.config?.access as Access | undefined;
  schema.operationId ??= operationIdFor(method, input.url);
  schema.security ??= securityFor(access);
  const note = accessNote(access);
  if (note) schema.description = schema.description ? `${schema.description as string}\n\n${note}` : note;
  if (schema.response) {
    schema.response = Object.fromEntries(
      Object.entries(schema.response).map(([code, r]) => {
        const types = r?.[MEDIA_TYPES_KEY] as string[] | undefined;
        if (!types) return [code, r];
        return [code, { description: r.description, content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string' } }])) }];
      }),
    );
  }
  return { schema, url: out.url };
}
