import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { toPublicId } from '../../lib/ids.js';
import { collectNotices, policyNotices, type NoticeSource } from './notices.service.js';
import {
  AcceptPoliciesBody, AcceptedPoliciesOut, LegalDocumentOut, NoticeOut, OperatorPolicyOut, PolicyAcceptanceOut, PolicyKindParam, PublishPolicyBody, SubprocessorsOut,
} from './policies.schema.js';
import {
  CONSENT_ATTESTATION_TEXT, acceptPolicies, currentPolicies, listAllVersions, pendingAcceptances, policyUrl, policyWithHistory, presentPolicyRef, publishPolicy,
  type PolicyDocument,
} from './policies.service.js';
import { SUBPROCESSORS, SUBPROCESSOR_CHANGES, subprocessorsLastUpdated } from './subprocessors.js';

const PolicyRef = z.object({ version: z.string(), lastUpdated: z.string(), url: z.string() }).meta({ id: 'PolicyRef' });
const tags = ['policies'];
const signedIn = { role: 'viewer' } as const;

export interface PoliciesRouteOptions {
  /** Where the in-app notices of GET /v1/notices come from (other modules add theirs in src/app.ts). */
  noticeSources?: readonly NoticeSource[];
}

type History = Awaited<ReturnType<typeof policyWithHistory>>;
const presentLegal = ({ doc, current, history }: History) => ({
  kind: doc.kind as 'terms' | 'privacy', version: doc.version, lastUpdated: doc.lastUpdated, title: doc.title, body: doc.body, material: doc.material, current, history,
});

const presentOperator = (d: PolicyDocument & { current: boolean }) => ({
  id: toPublicId('policy', d.id), kind: d.kind as 'terms' | 'privacy', version: d.version, title: d.title, lastUpdated: d.lastUpdated, material: d.material,
  publishedAt: d.publishedAt.toISOString(), current: d.current,
});

export const policiesRoutes =
  (ctx: Ctx, opts: PoliciesRouteOptions = {}): FastifyPluginAsyncZod =>
  async (app) => {
    const noticeSources = opts.noticeSources ?? [policyNotices];

    app.get('/v1/policies/current', {
      config: { access: 'public' },
      schema: {
        tags, summary: 'The current terms and privacy policy versions',
        response: { 200: z.object({ terms: PolicyRef, privacy: PolicyRef, attestationText: z.string() }).meta({ id: 'Policies' }) },
      },
    }, async () => {
      const { terms, privacy } = await currentPolicies(ctx.db);
      return { terms: presentPolicyRef(terms), privacy: presentPolicyRef(privacy), attestationText: CONSENT_ATTESTATION_TEXT };
    });

    app.get('/v1/legal/subprocessors', {
      config: { access: 'public' },
      schema: { tags, summary: 'The platform\'s sub-processors (carriers, email, hosting) and the date of each change', response: { 200: SubprocessorsOut } },
    }, async () => ({ lastUpdated: subprocessorsLastUpdated(), data: [...SUBPROCESSORS], changes: [...SUBPROCESSOR_CHANGES] }));

    app.get('/v1/legal/:kind', {
      config: { access: 'public' },
      schema: {
        tags, summary: 'A legal document (terms or privacy policy): the current version and the history of versions',
        params: z.object({ kind: PolicyKindParam }), response: { 200: LegalDocumentOut },
      },
    }, async (request) => presentLegal(await policyWithHistory(ctx.db, request.params.kind)));

    app.get('/v1/legal/:kind/versions/:version', {
      config: { access: 'public' },
      schema: {
        tags, summary: 'One version of a legal document (earlier versions stay readable)',
        params: z.object({ kind: PolicyKindParam, version: z.string().min(1).max(40) }), response: { 200: LegalDocumentOut },
      },
    }, async (request) => presentLegal(await policyWithHistory(ctx.db, request.params.kind, request.params.version)));

    app.get('/v1/policies/acceptance', {
      config: { access: signedIn },
      schema: { tags, summary: 'The policy versions you still have to accept (a material change since you last accepted)', response: { 200: PolicyAcceptanceOut } },
    }, async (request) => {
      const auth = caller(request);
      const docs = auth.via === 'session' && auth.user ? await pendingAcceptances(ctx.db, auth.user) : [];
      return {
        required: docs.length > 0,
        documents: docs.map((d) => ({ kind: d.kind as 'terms' | 'privacy', version: d.version, title: d.title, lastUpdated: d.lastUpdated, url: policyUrl(d, true) })),
      };
    });

    app.post('/v1/policies/accept', {
      config: { access: signedIn },
      schema: { tags, summary: 'Accept the current version of the Terms and/or the Privacy Policy (recorded with time, IP and user agent)', body: AcceptPoliciesBody, response: { 200: AcceptedPoliciesOut } },
    }, async (request) => {
      const docs = await acceptPolicies(ctx, caller(request), request.body.accept, requestMeta(request));
      return { accepted: docs.map((d) => ({ kind: d.kind as 'terms' | 'privacy', version: d.version })) };
    });

    app.get('/v1/notices', {
      config: { access: signedIn },
      schema: { tags, summary: 'In-app notices for you and your account (new policy versions, business transfers…)', response: { 200: z.object({ data: z.array(NoticeOut) }) } },
    }, async (request) => {
      const auth = caller(request);
      const person = auth.via === 'session' && auth.user ? { id: auth.user.id, createdAt: auth.user.createdAt } : null;
      return { data: await collectNotices(ctx, { accountId: auth.accountId, person, now: ctx.now() }, noticeSources) };
    });

    app.post('/v1/operator/policies', {
      config: { access: 'operator' },
      schema: {
        tags: ['operator'], summary: 'Publish a new version of the Terms or the Privacy Policy (mails every user; material: everyone accepts again)',
        body: PublishPolicyBody, response: { 201: OperatorPolicyOut },
      },
    }, async (request, reply) => {
      const doc = await publishPolicy(ctx, request.body, requestMeta(request));
      return reply.status(201).send(presentOperator({ ...doc, current: true }));
    });

    app.get('/v1/operator/policies', {
      config: { access: 'operator' },
      schema: { tags: ['operator'], summary: 'Every published version of the Terms and the Privacy Policy, newest first', response: { 200: z.object({ data: z.array(OperatorPolicyOut) }) } },
    }, async () => ({ data: (await listAllVersions(ctx.db)).map(presentOperator) }));
  };
