import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * The inbox's keyboard shortcuts: one registry, so every shortcut is listed in the "?" help
 * overlay and a key is never handled twice. Keys typed into inputs, text areas, selects and
 * contenteditable elements are ignored (unless `inInputs`), and so are keys with Ctrl/Alt/Meta.
 *
 * Usage (any component mounted inside the inbox):
 *   useInboxShortcut('a', () => openAssignMenu(), { description: 'Assign the conversation', group: 'Conversation' });
 */
export interface ShortcutOptions {
  /** Shown in the help overlay. */
  description: string;
  /** Help overlay section, e.g. "Navigation" or "Conversation". */
  group?: string;
  /** Off while false (e.g. no conversation selected). */
  enabled?: boolean;
  /** Also fire when focus is in a text field (e.g. Escape). */
  inInputs?: boolean;
}

export interface RegisteredShortcut {
  id: number;
  /** `KeyboardEvent.key` as typed: "j", "?", "/", "Escape", "Shift+A" is written "A". */
  key: string;
  description: string;
  group: string;
  enabled: boolean;
  inInputs: boolean;
  handler: (e: KeyboardEvent) => void;
}

let nextId = 1;
let entries: RegisteredShortcut[] = [];
let snapshot: readonly RegisteredShortcut[] = [];
const listeners = new Set<() => void>();

function changed() {
  snapshot = [...entries];
  for (const l of listeners) l();
}

/** True when the key was typed into something that takes text. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
}

function onKeyDown(e: KeyboardEvent) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  const typing = isTypingTarget(e.target);
  // The newest registration of a key wins (a dialog's handler over the page's).
  for (let i = entries.length - 1; i >= 0; i--) {
    const s = entries[i];
    if (s.key !== e.key || !s.enabled || (typing && !s.inInputs)) continue;
    e.preventDefault();
    s.handler(e);
    return;
  }
}

let attached = false;
function attach() {
  if (attached || typeof window === 'undefined') return;
  window.addEventListener('keydown', onKeyDown);
  attached = true;
}
function detachIfIdle() {
  if (!attached || entries.length > 0) return;
  window.removeEventListener('keydown', onKeyDown);
  attached = false;
}

/** Registers a shortcut (outside React); returns its removal. */
export function registerShortcut(key: string, handler: (e: KeyboardEvent) => void, opts: ShortcutOptions): () => void {
  const entry: RegisteredShortcut = {
    id: nextId++, key, handler, description: opts.description, group: opts.group ?? 'Inbox', enabled: opts.enabled ?? true, inInputs: opts.inInputs ?? false,
  };
  entries.push(entry);
  attach();
  changed();
  return () => {
    entries = entries.filter((x) => x !== entry);
    changed();
    detachIfIdle();
  };
}

/**
 * Registers `key` while the component is mounted. The latest `handler` is always called (no
 * need to memoise it); `enabled` and the description may change between renders.
 */
export function useInboxShortcut(key: string, handler: (e: KeyboardEvent) => void, opts: ShortcutOptions): void {
  const ref = useRef(handler);
  ref.current = handler;
  const { description, group, enabled = true, inInputs = false } = opts;
  useEffect(
    () => registerShortcut(key, (e) => ref.current(e), { description, group, enabled, inInputs }),
    [key, description, group, enabled, inInputs],
  );
}

/** Every registered shortcut (enabled or not), for the help overlay; re-renders on change. */
export function useRegisteredShortcuts(): readonly RegisteredShortcut[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
    () => snapshot,
  );
}

/** How a key is shown: "j", "/", "?", "Esc". */
export const keyLabel = (key: string) => (key === 'Escape' ? 'Esc' : key === ' ' ? 'Space' : key);
