import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Ctx } from '../../context.js';
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
 * One end customer's data (an access request, issue 10): the contact as the API shows it, every
 * message to or from them, and their consent history (events kept under the number's keyed hash
 * count too, so history from before an erasure is included). Written as a ZIP of JSON + CSV to
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
