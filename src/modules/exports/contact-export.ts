import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Ctx } from '../../context.js';
import { ensurePrivateDir } from '../../lib/private-dir.js';
import { presentEvent } from '../consent/consent-evidence.service.js';
import { phoneHash } from '../consent/consent.service.js';
import { presentContact } from '../contacts/presenters.js';
import { presentMessage } from '../messaging/presenters.js';
import { pagesOf, type Section } from './sections.js';
import { contactSources, type ConsentRow, type ExportScope, type Source } from './sources.repo.js';
import { writeZip } from './zip-writer.js';

const MESSAGE_COLUMNS = ['id', 'direction', 'from', 'to', 'body', 'status', 'createdAt', 'sentAt', 'deliveredAt'] as const;
const CONSENT_COLUMNS = ['id', 'kind', 'source', 'occurredAt', 'evidence'] as const;

function pick(item: object, cols: readonly string[]) {
  return cols.map((c) => {
    const v = (item as Record<string, unknown>)[c];
    return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  });
}

function sectionOf<R>(name: string, src: Source<R>, present: (r: R) => object, cols: readonly string[] | null): Section {
  return {
    name,
    applies: () => true,
    count: (db, s) => src.count(db, s),
    pages: (db, s, pageSize) => pagesOf(src, present, db, s, pageSize),
    csv: cols ? async () => ({ header: [...cols], row: (item) => pick(item, cols) }) : null,
  };
}

/**
 * Access downloads are written to DATA_DIR/access-scratch/<created ms>-<random>/ (personal data):
 * the request removes its folder once the file was sent, but a process killed meanwhile never
 * does — in the OS temp dir such a ZIP stayed for good, out of reach of erasure. So every
 * download, and the hourly export expiry, sweep the folders older than an hour (a download of
 * one person's data takes seconds; an open file is still read to its end once removed).
 */
const accessScratchRoot = (ctx: Ctx) => join(ctx.config.dataDir, 'access-scratch');
export const ACCESS_SCRATCH_MAX_AGE_MS = 3_600_000;

export async function sweepAccessScratch(ctx: Ctx): Promise<void> {
  let names: string[];
  try {
    names = await readdir(accessScratchRoot(ctx));
  } catch {
    return; // no folder: no download was ever written here
  }
  const cutoff = Date.now() - ACCESS_SCRATCH_MAX_AGE_MS; // the disk's clock, not the app's
  for (const name of names) {
    const created = Number(/^(\d+)-/.exec(name)?.[1] ?? 0); // a name not of ours counts as old
    if (created < cutoff) await rm(join(accessScratchRoot(ctx), name), { recursive: true, force: true });
  }
}

/** A fresh private folder for one access download (after sweeping what dead ones left); its caller removes it. */
export async function accessScratchDir(ctx: Ctx): Promise<string> {
  await sweepAccessScratch(ctx);
  ensurePrivateDir(accessScratchRoot(ctx));
  return mkdtemp(join(accessScratchRoot(ctx), `${Date.now()}-`));
}

/**
 * One end customer's data (an access request, issue 10): the contact as the API shows it, every
 * message to or from them, and their consent history (events kept under the number's keyed hash
 * count too, from when this contact was made: an earlier holder of the number, erased since, is not them). Written as a ZIP of JSON + CSV to
 * `path`, page by page; the caller streams the file and deletes it.
 */
export async function writeContactExport(ctx: Ctx, who: { accountId: string; contactId: string; phone: string }, path: string) {
  const scope: ExportScope = { accountId: who.accountId, userId: null };
  const sections = [
    sectionOf('contact', contactSources.contact(who.contactId), presentContact, null),
    sectionOf('messages', contactSources.messages(who.contactId), presentMessage, MESSAGE_COLUMNS),
    sectionOf('consent_history', contactSources.consentEvents(who.contactId, phoneHash(ctx, who.phone)), (r: ConsentRow) => presentEvent(r.e, r.phone ?? who.phone), CONSENT_COLUMNS),
  ];
  const file = createWriteStream(path, { mode: 0o600 });
  const closed = once(file, 'close');
  closed.catch(() => {}); // awaited below; a write error surfaces there
  try {
    return await writeZip({
      db: ctx.db, scope, sections, pageSize: 1000, onRows: async () => {}, scratch: `${path}.spools`, // beside the ZIP, in its caller's private folder
      trailer: [{ name: 'README.txt', text: () => 'Your data held by this business: contact.json (your details), messages (every text to or from you) and consent_history (when and how you agreed or opted out), as JSON and CSV.\n' }],
    }, async (_seq, data) => {
      if (!file.write(data)) await once(file, 'drain');
    });
  } finally {
    file.end();
    await closed;
  }
}
