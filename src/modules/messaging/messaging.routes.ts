import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { IsoDateTime } from '../../lib/dates.js';
import { AppError, notFound } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { pageParams } from '../../http/pagination.js';
import { pageOf } from '../../http/responses.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { CarrierNumberOut, ImportNumbersBody, ImportNumbersOut, MediaIds, MediaUrls, MessageDetailOut, MessageOut, MessagePreviewOut, NumberOut, ReleasedNumberOut, ReleaseNumberQuery } from './messaging.schema.js';
import { encodeBody } from './encoding.js';
import { receiveInbound } from './inbound.service.js';
import { messageLog } from './message-log.service.js';
import * as messages from './messages.service.js';
import * as numbers from './numbers.service.js';
import { presentHistory, presentMessage } from './presenters.js';
import { composePreview } from './preview.service.js';
import { sendMessage } from './send.service.js';
import { MESSAGE_STATUSES } from './status.js';

const read = { role: 'viewer', scope: 'messages:read' } as const;
const send = { role: 'agent', scope: 'messages:write' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;
// Getting numbers and sending texts: never a partner organisation's own account (businessOnly, src/http/auth.ts).
const provision = { ...manage, businessOnly: true } as const;
const sendOwn = { ...send, businessOnly: true } as const;

const SendBody = z.object({
  from: z.string().max(100).optional(), to: z.string().max(64), body: z.string().max(5000),
  smartEncoding: z.boolean().optional(), sendAt: IsoDateTime().optional(),
  mediaUrls: MediaUrls.optional(), mediaIds: MediaIds.optional(),
});
const PreviewBody = z.object({
  body: z.string().max(5000), smartEncoding: z.boolean().optional(),
  mergeFields: z.boolean().optional().meta({ description: 'Compose as a campaign text (merge fields, sender identification, cost)' }),
  contactIds: z.array(z.string().max(100)).max(20).optional().meta({ description: 'Sample contacts (ct_…) to compose for' }),
  senderType: z.enum(['long_code', 'toll_free', 'short_code']).optional(),
  recipients: z.number().int().min(0).max(100_000_000).optional().meta({ description: 'Texts to estimate (e.g. the audience size); default: the samples' }),
  trackLinks: z.boolean().optional().meta({ description: "Composed texts show each URL as a short link of the real length (as a campaign sends it); default: the account's link setting" }),
}).strict();
/** Segments per second a sender may send: at least 0.01 (one every 100 s). */
const Mps = z.number().min(0.01).max(100_000);
/** `{provider}` provisions from a built-in provider (the simulator); `{connectionId, phoneNumber}` attaches a number of that carrier account. */
const NumberBody = z.object({
  provider: z.string().max(40).optional(), connectionId: z.string().max(100).optional(), phoneNumber: z.string().max(64).optional(),
  type: z.enum(['long_code', 'toll_free', 'short_code']).optional(), mps: Mps.optional(),
}).refine((b) => !(b.provider && b.connectionId), { message: 'give either provider or connectionId', path: ['connectionId'] });
const MessageLogQuery = z.object({
  status: z.enum(MESSAGE_STATUSES as [string, ...string[]]).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  numberId: z.string().max(100).optional().meta({ description: 'Sent from or received on this number (pn_…)' }),
  contactId: z.string().max(100).optional().meta({ description: 'To or from this contact (ct_…)' }),
  since: IsoDateTime().optional().meta({ description: 'Created at or after this time' }),
  until: IsoDateTime().optional().meta({ description: 'Created before this time' }),
  ...pageParams(50, 200),
});
// Partner callers (a client's grant): only the messages of the grant's numbers (and teams' conversations), masked.
const readLog = { ...read, partner: { can: 'read', mask: true } } as const;
const Reply = z.string().trim().min(1).max(480);
const NumberPatch = z.object({
  mps: Mps.optional(),
  /** null resets a reply to the compliant default. */
  keywordReplies: z.object({ opt_out: Reply.nullable().optional(), opt_in: Reply.nullable().optional(), help: Reply.nullable().optional() }).optional(),
  customKeywords: z.array(z.object({ word: z.string().max(40), kind: z.enum(['opt_out', 'opt_in', 'help', 'custom']), reply: Reply.optional() })).max(50).optional(),
  twilioSmsUrl: z.string().trim().max(2000).pipe(z.url({ protocol: /^https?$/, message: 'Enter an http(s) URL.' })).nullable().optional()
    .meta({ description: "Post inbound texts here in Twilio's form, signed with X-Twilio-Signature (like Twilio's SmsUrl); a TwiML <Message> in the answer is sent as the reply. null: stop." }),
});

export const messagingRoutes =
  (ctx: Ctx, ports: { numberReleased?: numbers.NumberReleasedPort } = {}): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/numbers', { config: { access: provision }, schema: { tags: ['numbers'], summary: 'Provision a number, or attach one of a provider connection', body: NumberBody, response: { 201: NumberOut } } }, async (request, reply) => {
      const { connectionId, provider, ...rest } = request.body;
      const n = connectionId
        ? await numbers.attachNumber(ctx, caller(request), { connectionId, ...rest }, requestMeta(request))
        : await numbers.provisionNumber(ctx, caller(request), { provider: provider ?? 'simulator', type: rest.type, mps: rest.mps }, requestMeta(request));
      return reply.status(201).send(numbers.presentNumber(n));
    });
    app.get('/v1/provider-connections/:id/carrier-numbers', {
      config: { access: manage },
      schema: { tags: ['numbers'], summary: "List the numbers of the connection's carrier account (to import them)", params: IdParams, response: { 200: pageOf(CarrierNumberOut) } },
    }, async (request) => ({
      data: (await numbers.carrierNumbers(ctx, caller(request), request.params.id)).map((n) => ({ phoneNumber: n.phoneNumber, type: n.type, mms: n.mms, numberId: n.attached ? toPublicId('number', n.attached.id) : null })),
      nextCursor: null,
    }));
    app.post('/v1/provider-connections/:id/carrier-numbers/import', {
      config: { access: provision },
      schema: { tags: ['numbers'], summary: "Import the carrier account's existing numbers onto the connection", params: IdParams, body: ImportNumbersBody, response: { 200: ImportNumbersOut } },
    }, async (request) => {
      const r = await numbers.importCarrierNumbers(ctx, caller(request), request.params.id, request.body.phoneNumbers, requestMeta(request));
      return { imported: r.imported.map(numbers.presentNumber), skipped: r.skipped };
    });
    // Partner callers: the grant's numbers only, without their settings (the inbox's number filter).
    app.get('/v1/numbers', {
      config: { access: { ...read, partner: { can: 'read' } } },
      schema: { tags: ['numbers'], summary: 'List numbers', description: "A partner agent gets the grant's numbers only, with their settings left empty.", response: { 200: pageOf(NumberOut) } },
    }, async (request) => ({ data: await numbers.numbersFor(ctx, caller(request)), nextCursor: null }));
    app.delete('/v1/numbers/:id', {
      config: { access: provision },
      schema: {
        tags: ['numbers'], summary: 'Release a number', params: IdParams, querystring: ReleaseNumberQuery, response: { 200: ReleasedNumberOut },
        description: 'The number stops being the account\'s: sends from it are refused, texts to it reach nobody here, its monthly charge stops. A number bought through West Message goes back to its carrier; an attached one stays yours at your carrier. Texts waiting to go from it refuse the release (409 number_has_queued_messages, details.queued) unless cancelQueued=true.',
      },
    }, async (request) => {
      const r = await numbers.releaseNumber(ctx, caller(request), request.params.id, { cancelQueued: request.query.cancelQueued === 'true' }, requestMeta(request), ports.numberReleased);
      return { id: toPublicId('number', r.number.id), phoneNumber: r.number.phoneNumber, releasedAt: r.number.releasedAt!.toISOString(), canceled: r.canceled, carrier: r.carrier };
    });
    app.patch('/v1/numbers/:id', { config: { access: manage }, schema: { tags: ['numbers'], summary: "Change a number's throughput, keyword replies and Twilio-compatible SMS URL", params: IdParams, body: NumberPatch, response: { 200: NumberOut } } }, async (request) =>
      numbers.presentNumber(await numbers.updateNumber(ctx, caller(request), request.params.id, request.body, requestMeta(request))),
    );

    app.post('/v1/messages/preview', {
      config: { access: read },
      schema: {
        tags: ['messages'], summary: 'Count the encoding and segments of a body; with merge fields, per sample contact, with the cost',
        description: 'With `mergeFields: true` or `contactIds` (up to 20 sample contacts) the body is composed as a campaign text: merge fields (`{{first_name|there}}`, custom field keys) filled per sample (without samples: every fallback), the business name and "Reply STOP to opt out" added per the account\'s rule (`/v1/compliance/settings`), then encoded; `compose` shows each final text, the worst case and a cost estimate. An unknown or malformed merge field, or a text over 10 segments for some sample, is a 422 naming it (the worst case in `details.worst`).',
        body: PreviewBody, response: { 200: MessagePreviewOut },
      },
    }, async (request) => {
      const { body, smartEncoding, mergeFields, contactIds, senderType, recipients, trackLinks } = request.body;
      const e = encodeBody(body, { smartEncoding });
      const compose = mergeFields || contactIds?.length ? await composePreview(ctx, caller(request), { body, smartEncoding, contactIds, senderType, recipients, trackLinks }) : undefined;
      return { encoding: e.encoding, segments: e.segments, units: e.units, remaining: e.remaining, body: e.body, ...(compose ? { compose } : {}) };
    });

    // recheckAuth: the API key's lookup may come from a cache; the send's statement re-checks it (send.service.ts).
    app.post('/v1/messages', { config: { access: sendOwn, recheckAuth: true }, schema: { tags: ['messages'], summary: 'Send (or schedule) a text message or an MMS',
      description: 'An `Idempotency-Key` header makes a retried request return the first message. `mediaUrls` (fetched by the server; JPEG, PNG or GIF recognised from the bytes; private and loopback addresses refused) and `mediaIds` (from `POST /v1/media`) make it an MMS of at most 5 MB of media, counted as one message; a number whose carrier cannot carry MMS refuses it (`mms_not_supported`).', body: SendBody, response: { 201: MessageOut } } }, async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || key.length < 1 || key.length > 200)) {
        throw new AppError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–200 characters.');
      }
      const m = await sendMessage(ctx, caller(request), { ...request.body, idempotencyKey: key as string | undefined });
      return reply.status(201).send(presentMessage(m));
    });

    app.get('/v1/messages', {
      config: { access: readLog },
      schema: {
        tags: ['messages'], summary: 'List messages, newest first (cursor paging)',
        description: 'Every message of the account, inbound and outbound, newest first (by creation time, then id), narrowed by status, direction, number, contact and a creation-time window (`since` inclusive, `until` exclusive). Pass `nextCursor` as `cursor` for the next page; a cursor not given by this list is a 400 `invalid_cursor`.',
        querystring: MessageLogQuery, response: { 200: pageOf(MessageOut) },
      },
    }, async (request) => {
      const page = await messageLog(ctx, caller(request), request.query);
      return { data: page.data.map(presentMessage), nextCursor: page.nextCursor };
    });

    app.get('/v1/messages/:id', { config: { access: read }, schema: { tags: ['messages'], summary: 'Get a message and its status history', params: IdParams, response: { 200: MessageDetailOut } } }, async (request) => {
      const { message, history } = await messages.getMessageWithHistory(ctx, caller(request).accountId, request.params.id);
      return { ...presentMessage(message), history: history.map(presentHistory) };
    });

    // A customer's text to one of the caller's simulator numbers: the simulator delivers it as a signed inbound webhook.
    app.post('/v1/simulator/inbound', {
      config: { access: send },
      schema: { tags: ['simulator'], summary: "Have the simulator deliver a customer's text to one of your simulator numbers", response: { 201: MessageOut }, body: z.object({ from: z.string().max(64), to: z.string().max(64), body: z.string().max(5000), id: z.string().max(100).optional() }) },
    }, async (request, reply) => {
      const r = await numbers.simulateInbound(ctx, caller(request), request.body);
      return reply.status(201).send({ ...presentMessage(r.message), conversationId: toPublicId('conversation', r.conversationId), keyword: r.keyword });
    });
  };
