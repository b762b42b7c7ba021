import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { normaliseTags } from '../contacts/contacts.service.js';
import { confirmationText, smsUri, validateJoinWord } from './growth-rules.js';
import type { KeywordIn, KeywordPatch } from './growth.schema.js';
import type { GrowthPorts, NumberRef } from './growth.types.js';
import * as repo from './growth.repo.js';
import { qrSvg } from './qr.js';

type In = z.infer<typeof KeywordIn>;
type Patch = z.infer<typeof KeywordPatch>;

export function presentKeyword(k: repo.KeywordRow, number: NumberRef | null, businessName: string) {
  return {
    id: toPublicId('keyword', k.id), word: k.word, programName: k.programName, frequency: k.frequency, tags: k.tags, doubleOptIn: k.doubleOptIn,
    numberId: k.numberId ? toPublicId('number', k.numberId) : null, phoneNumber: number?.phoneNumber ?? null,
    confirmationText: confirmationText({ businessName, programName: k.programName, frequency: k.frequency }),
    createdAt: k.createdAt.toISOString(), updatedAt: k.updatedAt.toISOString(),
  };
}

function wordOrThrow(word: string) {
  const r = validateJoinWord(word);
  if ('word' in r) return r.word;
  if (r.problem === 'reserved_keyword') {
    throw unprocessable('reserved_keyword', `"${word.trim().slice(0, 40)}" is a carrier keyword (STOP, HELP, START and their synonyms, YES or Y) and cannot be a join keyword.`, { field: 'word' });
  }
  throw unprocessable('invalid_keyword', 'A keyword is 1–2 words of letters or digits, at most 20 characters.', { field: 'word' });
}

async function numberOrThrow(ctx: Ctx, ports: GrowthPorts, accountId: string, ref: string | null | undefined) {
  if (!ref) return null;
  const n = await ports.findNumber(ctx.db, accountId, ref.trim());
  if (!n) throw unprocessable('unknown_number', 'The number is not one of this account\'s numbers.', { field: 'numberId' });
  return n;
}

async function keywordOrThrow(ctx: Ctx, accountId: string, publicId: string) {
  const id = fromPublicId('keyword', publicId);
  const k = id ? await repo.findKeyword(ctx.db, accountId, id) : null;
  if (!k) throw notFound('Keyword');
  return k;
}

const taken = (word: string) => conflict('keyword_taken', `The keyword ${word} is already in use on this number (or on every number).`, { field: 'word' });

export async function listKeywords(ctx: Ctx, ports: GrowthPorts, auth: AuthContext) {
  const rows = await repo.listKeywords(ctx.db, auth.accountId);
  return Promise.all(rows.map(async (k) => presentKeyword(k, k.numberId ? await ports.numberById(ctx.db, auth.accountId, k.numberId) : null, auth.account.name)));
}

export async function createKeyword(ctx: Ctx, ports: GrowthPorts, auth: AuthContext, input: In, meta: RequestMeta) {
  const word = wordOrThrow(input.word);
  const number = await numberOrThrow(ctx, ports, auth.accountId, input.numberId);
  try {
    const k = await withTx(ctx.db, async (tx) => {
      const row = await repo.insertKeyword(tx, {
        id: newUuid(), accountId: auth.accountId, numberId: number?.id ?? null, word, programName: input.programName, frequency: input.frequency,
        tags: normaliseTags(input.tags ?? []), doubleOptIn: input.doubleOptIn ?? false,
      });
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'keyword.created', target: { type: 'keyword', id: row.id }, meta, details: { word } });
      return row;
    });
    return presentKeyword(k, number, auth.account.name);
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(word);
    throw err;
  }
}

export async function updateKeyword(ctx: Ctx, ports: GrowthPorts, auth: AuthContext, publicId: string, patch: Patch, meta: RequestMeta) {
  const k = await keywordOrThrow(ctx, auth.accountId, publicId);
  const word = patch.word !== undefined ? wordOrThrow(patch.word) : undefined;
  const number = patch.numberId !== undefined ? await numberOrThrow(ctx, ports, auth.accountId, patch.numberId) : undefined;
  try {
    const row = await withTx(ctx.db, async (tx) => {
      const r = await repo.updateKeyword(tx, auth.accountId, k.id, {
        ...(word ? { word } : {}), ...(number !== undefined ? { numberId: number?.id ?? null } : {}),
        ...(patch.programName !== undefined ? { programName: patch.programName } : {}), ...(patch.frequency !== undefined ? { frequency: patch.frequency } : {}),
        ...(patch.tags !== undefined ? { tags: normaliseTags(patch.tags) } : {}), ...(patch.doubleOptIn !== undefined ? { doubleOptIn: patch.doubleOptIn } : {}),
        updatedAt: ctx.now(),
      });
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'keyword.updated', target: { type: 'keyword', id: k.id }, meta, details: { fields: Object.keys(patch) } });
      return r!;
    });
    const n = number !== undefined ? number : row.numberId ? await ports.numberById(ctx.db, auth.accountId, row.numberId) : null;
    return presentKeyword(row, n, auth.account.name);
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(word ?? k.word);
    throw err;
  }
}

export async function deleteKeyword(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const k = await keywordOrThrow(ctx, auth.accountId, publicId);
  await withTx(ctx.db, async (tx) => {
    await repo.deleteKeyword(tx, auth.accountId, k.id);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'keyword.deleted', target: { type: 'keyword', id: k.id }, meta, details: { word: k.word } });
  });
}

/** A QR code that opens the messaging app with the keyword typed to its number (or the account's first number). */
export async function keywordQr(ctx: Ctx, ports: GrowthPorts, auth: AuthContext, publicId: string) {
  const k = await keywordOrThrow(ctx, auth.accountId, publicId);
  const n = await ports.numberById(ctx.db, auth.accountId, k.numberId);
  if (!n) throw unprocessable('no_sender_number', 'The account has no number to text the keyword to: get one first.');
  return qrSvg(smsUri(n.phoneNumber, k.word));
}
