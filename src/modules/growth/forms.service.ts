import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { normaliseTags } from '../contacts/contacts.service.js';
import { SLUG, validOrigin } from './growth-rules.js';
import type { SignupFormIn } from './growth.schema.js';
import type { GrowthPorts, NumberRef } from './growth.types.js';
import * as repo from './growth.repo.js';
import { qrSvg } from './qr.js';

type In = z.infer<typeof SignupFormIn>;

/** The public address of a form's page. */
export const formUrl = (ctx: Ctx, slug: string) => `${ctx.config.publicUrl.replace(/\/+$/, '')}/join/${slug}`;

export function presentForm(ctx: Ctx, f: repo.FormRow, number: NumberRef | null) {
  return {
    id: toPublicId('signupForm', f.id), slug: f.slug, url: formUrl(ctx, f.slug), version: f.version, enabled: f.enabled,
    title: f.title, description: f.description, consentWording: f.consentWording, programName: f.programName, frequency: f.frequency,
    askName: f.askName, confirmBy: f.confirmBy as 'code' | 'reply', tags: f.tags, numberId: f.numberId ? toPublicId('number', f.numberId) : null,
    phoneNumber: number?.phoneNumber ?? null, embedOrigins: f.embedOrigins, createdAt: f.createdAt.toISOString(), updatedAt: f.updatedAt.toISOString(),
  };
}

async function formOrThrow(ctx: Ctx, accountId: string) {
  const f = await repo.findForm(ctx.db, accountId);
  if (!f) throw notFound('Sign-up form');
  return f;
}

export async function getForm(ctx: Ctx, ports: GrowthPorts, auth: AuthContext) {
  const f = await formOrThrow(ctx, auth.accountId);
  return presentForm(ctx, f, await ports.numberById(ctx.db, auth.accountId, f.numberId));
}

function checkInput(input: In) {
  const slug = input.slug.trim().toLowerCase();
  if (!SLUG.test(slug)) throw unprocessable('invalid_slug', 'The address is 3–40 lower-case letters, digits and hyphens (not at either end).', { field: 'slug' });
  const origins = (input.embedOrigins ?? []).map((o) => o.trim().replace(/\/+$/, ''));
  const bad = origins.find((o) => !validOrigin(o));
  if (bad !== undefined) throw unprocessable('invalid_origin', `"${bad.slice(0, 100)}" is not a site origin like https://example.com.`, { field: 'embedOrigins' });
  return { slug, origins };
}

/** Creates or replaces the account's sign-up form; every save is a new version (sign-ups name theirs). */
export async function putForm(ctx: Ctx, ports: GrowthPorts, auth: AuthContext, input: In, meta: RequestMeta) {
  const { slug, origins } = checkInput(input);
  const number = input.numberId ? await ports.findNumber(ctx.db, auth.accountId, input.numberId.trim()) : null;
  if (input.numberId && !number) throw unprocessable('unknown_number', 'The number is not one of this account\'s numbers.', { field: 'numberId' });
  const fields = {
    slug, title: input.title, description: input.description ?? null, consentWording: input.consentWording, programName: input.programName,
    frequency: input.frequency, askName: input.askName ?? true, confirmBy: input.confirmBy, tags: normaliseTags(input.tags ?? []), numberId: number?.id ?? null,
    enabled: input.enabled ?? true, embedOrigins: origins, updatedAt: ctx.now(),
  };
  try {
    const f = await withTx(ctx.db, async (tx) => {
      const existing = await repo.findForm(tx, auth.accountId);
      let row: repo.FormRow;
      if (!existing) {
        row = await repo.insertForm(tx, { id: newUuid(), accountId: auth.accountId, ...fields });
        await repo.insertRoute(tx, slug, auth.accountId, row.id);
      } else {
        if (existing.slug !== slug) {
          await repo.deleteRoute(tx, auth.accountId, existing.slug);
          await repo.insertRoute(tx, slug, auth.accountId, existing.id);
        }
        row = await repo.updateForm(tx, auth.accountId, existing.id, fields);
      }
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'signup_form.saved', target: { type: 'signup_form', id: row.id }, meta, details: { slug, version: row.version } });
      return row;
    });
    return presentForm(ctx, f, number ?? (await ports.numberById(ctx.db, auth.accountId, null)));
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('slug_taken', `The address /join/${slug} is taken: choose another.`, { field: 'slug' });
    throw err;
  }
}

/** The slug of the account's enabled sign-up form (its public address elsewhere, e.g. the privacy page), or null. */
export async function formSlugOf(ctx: Ctx, accountId: string): Promise<string | null> {
  const f = await repo.findForm(ctx.db, accountId);
  return f?.enabled ? f.slug : null;
}

/** A QR code of the form's public address. */
export async function formQr(ctx: Ctx, auth: AuthContext) {
  const f = await formOrThrow(ctx, auth.accountId);
  return qrSvg(formUrl(ctx, f.slug));
}
