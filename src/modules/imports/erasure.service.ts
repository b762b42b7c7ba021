import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { sniffEncoding } from './decode.js';
import { redactRecords, type Layout, type PersonKeys } from './erasure.js';
import * as repo from './erasure.repo.js';
import { IMPORT_JOB, type ImportJob } from './import-runner.js';
import { requeueRunning } from './imports.repo.js';

/** The digit strings a number (E.164) may be written as in a file. */
export function digitForms(e164s: string[]): string[] {
  const out = new Set<string>();
  for (const p of e164s) {
    const all = p.replace(/\D/g, '');
    if (!all) continue;
    out.add(all);
    const national = parsePhoneNumberFromString(p)?.nationalNumber;
    if (national) {
      out.add(national);
      out.add(`0${national}`);
    }
  }
  return [...out];
}

/**
 * Erase hook (privacy), first in the erasure: an import running in the account may hold the
 * person's lines read before the erasure and write them after it (recreating the person), so
 * running imports lose their runner and go back in the queue, to resume from their checkpoint
 * over the blanked file after the erasure commits. Returns how many.
 */
export async function pauseImports(ctx: Ctx, tx: Db, accountId: string): Promise<number> {
  const ids = await requeueRunning(tx, accountId);
  for (const importId of ids) await ctx.jobs.send(IMPORT_JOB, { accountId, importId } satisfies ImportJob, tx);
  return ids.length;
}

/**
 * Erase hook (privacy): in every stored upload of the account, the lines naming these people
 * (number in any format, or email) are blanked; the import errors of those lines, or holding
 * those values, go. Reads each upload whole (memory: one upload).
 */
export async function eraseImportRows(tx: Db, accountId: string, phones: string[], emails: string[]) {
  const keys: PersonKeys = { digits: new Set(digitForms(phones)), emails: emails.map((e) => e.trim().toLowerCase()).filter(Boolean) };
  if (!keys.digits.size && !keys.emails.length) return { lines: 0, errors: 0 };
  let lines = 0;
  let errors = 0;
  for (const u of await repo.uploadsOf(tx, accountId)) {
    const chunks = await repo.chunksOf(tx, accountId, u.id);
    if (!chunks.length) continue;
    const whole = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let off = 0;
    for (const c of chunks) { whole.set(c, off); off += c.length; }
    const sniff = sniffEncoding(whole.subarray(0, 8192));
    if ('error' in sniff) continue;
    const layout: Layout = sniff.encoding.startsWith('utf-16') ? { unit: 2, littleEndian: sniff.encoding === 'utf-16le' } : { unit: 1 };
    const decoder = new TextDecoder(sniff.encoding, { fatal: false });
    const rows = redactRecords(whole, layout, (b) => decoder.decode(b), keys);
    if (rows.length) {
      lines += rows.length;
      off = 0;
      for (let seq = 0; seq < chunks.length; seq++) {
        const next = whole.subarray(off, off + chunks[seq].length);
        if (!sameBytes(next, chunks[seq])) await repo.rewriteChunk(tx, accountId, u.id, seq, next.slice());
        off += chunks[seq].length;
      }
    }
    errors += await repo.deleteErrors(tx, accountId, u.importIds, rows, [], []);
  }
  errors += await repo.deleteErrors(tx, accountId, [], [], [...keys.digits], [...keys.emails]);
  return { lines, errors };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
