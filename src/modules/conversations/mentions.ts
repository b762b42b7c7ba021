/**
 * @mentions in an internal note, pure. A mention is "@" (at the start or after a character that
 * is not a letter, digit or "@", so an email address is no mention) followed by a member's full
 * name, first name or the part of their email before "@", compared case- and accent-insensitively
 * and ending at a character that is not a letter or digit. The longest match wins ("@Ana Lima"
 * over "@Ana"); a first name shared by two members names neither.
 */
export interface Mentionable { id: string; name: string; email: string }

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const WORD = /[\p{L}\p{N}]/u;

/** The handles that name each member: full name, first name (when no other member has it), email's local part. */
function handlesOf(members: readonly Mentionable[]): Array<{ handle: string; id: string }> {
  const firstNames = new Map<string, number>();
  const first = (m: Mentionable) => fold(m.name.trim().split(/\s+/)[0] ?? '');
  for (const m of members) firstNames.set(first(m), (firstNames.get(first(m)) ?? 0) + 1);
  const out: Array<{ handle: string; id: string }> = [];
  for (const m of members) {
    const full = fold(m.name.trim().replace(/\s+/g, ' '));
    if (full) out.push({ handle: full, id: m.id });
    if (first(m) && first(m) !== full && firstNames.get(first(m)) === 1) out.push({ handle: first(m), id: m.id });
    const local = fold(m.email.split('@')[0] ?? '');
    if (local) out.push({ handle: local, id: m.id });
  }
  return out.sort((a, b) => b.handle.length - a.handle.length);
}

/** The ids of the members a note mentions, in order of first mention, each once. */
export function findMentions(body: string, members: readonly Mentionable[]): string[] {
  const handles = handlesOf(members);
  const text = fold(body);
  const found: string[] = [];
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    const before = i > 0 ? text[i - 1] : ' ';
    if (WORD.test(before) || before === '@') continue;
    const rest = text.slice(i + 1);
    const hit = handles.find((h) => rest.startsWith(h.handle) && !WORD.test(rest[h.handle.length] ?? ' '));
    if (hit && !found.includes(hit.id)) found.push(hit.id);
  }
  return found;
}
