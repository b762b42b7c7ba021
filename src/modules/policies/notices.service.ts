import type { Ctx } from '../../context.js';
import { NOTICE_DAYS, POLICY_TITLES, recentVersionsFor, type PolicyKind } from './policies.service.js';

/**
 * An in-app notice (the banner above every page of the web app): a new policy version, a
 * business transfer… `until` is when it stops showing (ISO time); `id` is stable, so the web app
 * can remember a dismissal.
 */
export interface Notice {
  id: string;
  kind: string;
  title: string;
  body: string;
  until: string;
  /** Where "Read more" goes (a path of the web app), if anywhere. */
  href?: string | null;
}

/** Who the notices are for: the account the caller acts in and the signed-in person (null for an API key). */
export interface NoticeAudience {
  accountId: string;
  person: { id: string; createdAt: Date } | null;
  now: Date;
}

/**
 * A source of notices. Other modules add theirs in src/app.ts (`policiesRoutes(ctx, { noticeSources })`),
 * so this module depends on none of them.
 */
export type NoticeSource = (ctx: Ctx, audience: NoticeAudience) => Promise<Notice[]>;

/** New versions of the Terms and the Privacy Policy, for NOTICE_DAYS after publication, until accepted. */
export const policyNotices: NoticeSource = async (ctx, audience) => {
  if (!audience.person) return [];
  const docs = await recentVersionsFor(ctx.db, audience.person, audience.now);
  return docs.map((d) => {
    const what = POLICY_TITLES[d.kind as PolicyKind] ?? d.title;
    return {
      id: `policy:${d.kind}:${d.version}`,
      kind: 'policy',
      title: `We updated our ${what}`,
      body: `A new version of the ${what}, last updated ${d.lastUpdated}, applies${d.material ? ' and asks for your acceptance' : ''}.`,
      until: new Date(d.publishedAt.getTime() + NOTICE_DAYS * 86_400_000).toISOString(),
      href: `/legal/${d.kind}`,
    };
  });
};

/** Every source's notices, still showing at `now`. */
export async function collectNotices(ctx: Ctx, audience: NoticeAudience, sources: readonly NoticeSource[]): Promise<Notice[]> {
  const lists = await Promise.all(sources.map((s) => s(ctx, audience)));
  const at = audience.now.getTime();
  return lists.flat().filter((n) => Date.parse(n.until) > at);
}
