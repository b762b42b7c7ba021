import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { CONSENT_ATTESTATION_TEXT, POLICY_KINDS, currentPolicies, currentPolicy, presentPolicyRef } from './policies.service.js';

const PolicyRef = z.object({ version: z.string(), lastUpdated: z.string(), url: z.string() }).meta({ id: 'PolicyRef' });

export const policiesRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/policies/current',
      {
        config: { access: 'public' },
        schema: {
          tags: ['policies'],
          summary: 'The current terms and privacy policy versions',
          response: { 200: z.object({ terms: PolicyRef, privacy: PolicyRef, attestationText: z.string() }).meta({ id: 'Policies' }) },
        },
      },
      async () => {
        const { terms, privacy } = await currentPolicies(ctx.db);
        return { terms: presentPolicyRef(terms), privacy: presentPolicyRef(privacy), attestationText: CONSENT_ATTESTATION_TEXT };
      },
    );

    app.get(
      '/v1/legal/:kind',
      {
        config: { access: 'public' },
        schema: {
          tags: ['policies'],
          summary: 'A legal document (terms or privacy policy)',
          params: z.object({ kind: z.enum(POLICY_KINDS) }),
          response: {
            200: z.object({ kind: z.enum(POLICY_KINDS), version: z.string(), lastUpdated: z.string(), title: z.string(), body: z.string() }).meta({ id: 'LegalDocument' }),
          },
        },
      },
      async (request) => {
        const d = await currentPolicy(ctx.db, request.params.kind);
        return { kind: request.params.kind, version: d.version, lastUpdated: d.lastUpdated, title: d.title, body: d.body };
      },
    );
  };
