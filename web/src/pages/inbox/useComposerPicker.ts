import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useMembers } from '../settings/teamApi';
import { useCannedReplies, type CannedReply } from './inboxExtrasApi';
import type { Suggestion } from './SuggestionList';

export type ComposerMode = 'reply' | 'note';

/** "/name" alone in a reply: the canned-reply picker, filtered by what follows the slash. */
const SLASH = /^\/([^\s/]*)$/;
/** "@nam" just before the caret in a note: the member picker. */
const AT = /(^|[^\p{L}\p{N}@])@([\p{L}\p{N}._-]*)$/u;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** `replace`: the body and caret after picking an item; null for a disabled one. */
interface Picker { kind: 'canned' | 'mention'; items: Suggestion[]; replace: (index: number) => { body: string; caret: number } | null }

/** How the picker names a contact field a partner grant hides (a canned reply reading one is not rendered). */
const HIDDEN: Record<string, string> = { name: 'name', email: 'email', phone: 'phone', fields: 'custom fields' };
const hiddenNote = (fields: string[]) => `Uses ${fields.length > 1 ? 'fields' : 'a field'} hidden from you (${fields.map((f) => HIDDEN[f] ?? f).join(', ')})`;
/** A canned reply that reads a field the caller's grant masks: not rendered, and not insertable. */
const hidden = (c: CannedReply) => c.rendered === null && c.maskedFields.length > 0;

/**
 * The composer's pickers: in a reply, "/" at the start lists the canned replies (rendered for the
 * contact) filtered as you type, Enter inserts the chosen text; in a note, "@" lists the members
 * and Enter inserts "@Their Name ". ↑ ↓ move, Esc closes.
 */
export function useComposerPicker(conversationId: string, mode: ComposerMode, body: string, caret: number) {
  const slash = mode === 'reply' ? SLASH.exec(body) : null;
  const before = body.slice(0, caret);
  const at = mode === 'note' ? AT.exec(before) : null;
  const canned = useCannedReplies(conversationId, slash !== null);
  const members = useMembers();
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);

  const picker: Picker | null = useMemo(() => {
    if (slash) {
      const q = fold(slash[1]);
      const list = (canned.data?.data ?? []).filter((c) => fold(c.shortcut).includes(q) || (q.length > 1 && fold(c.body).includes(q)));
      list.sort((a, b) => Number(!fold(a.shortcut).startsWith(q)) - Number(!fold(b.shortcut).startsWith(q)));
      return {
        kind: 'canned',
        items: list.map((c) => (hidden(c)
          ? { key: c.id, title: `/${c.shortcut}`, detail: c.body, disabled: true, note: hiddenNote(c.maskedFields) }
          : { key: c.id, title: `/${c.shortcut}`, detail: c.rendered ?? c.body })),
        replace: (i) => {
          if (hidden(list[i])) return null;
          const text = list[i].rendered ?? list[i].body;
          return { body: text, caret: text.length };
        },
      };
    }
    if (at) {
      const q = fold(at[2]);
      const list = (members.data?.data ?? []).filter((m) => fold(m.name).split(/\s+/).some((w) => w.startsWith(q)) || fold(m.name).startsWith(q) || fold(m.email).startsWith(q)).slice(0, 8);
      return {
        kind: 'mention',
        items: list.map((m) => ({ key: m.id, title: m.name, detail: m.email })),
        replace: (i) => {
          const start = before.length - at[2].length - 1;
          const inserted = `@${list[i].name} `;
          return { body: body.slice(0, start) + inserted + body.slice(caret), caret: start + inserted.length };
        },
      };
    }
    return null;
  }, [slash?.[1], at?.[2], canned.data, members.data, body, caret]);

  const token = slash ? `/${slash[1]}` : at ? `@${at[2]}@${caret}` : null;
  useEffect(() => setActive(0), [token]);
  const open = picker !== null && token !== dismissed && (picker.kind === 'mention' ? picker.items.length > 0 : true);

  /** Handles ↑ ↓ Enter Tab Esc while the picker is open; returns the new body and caret when one was picked (a disabled one: nothing happens). */
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): { body: string; caret: number } | null {
    if (!open || !picker) return null;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = picker.items.length || 1;
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      if (!picker.items.length) return null;
      e.preventDefault();
      return picker.replace(Math.min(active, picker.items.length - 1));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setDismissed(token);
    }
    return null;
  }

  return { open, picker, active, onKeyDown, loading: slash !== null && canned.isPending };
}
