/**
 * Text PostgreSQL cannot store: a NUL (refused in text and jsonb) or a UTF-16 surrogate
 * without its partner (refused in jsonb; not valid Unicode). Pure; the HTTP guard and the
 * CSV importer both use it.
 */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface BadText {
  path: string;
  reason: 'nul' | 'lone_surrogate';
}

export function badTextIn(s: string, path: string): BadText | null {
  const m = BAD_TEXT.exec(s);
  return m ? { path, reason: m[0] === '\u0000' ? 'nul' : 'lone_surrogate' } : null;
}

/**
 * The first string (value or object key) in a JSON-like value that the database cannot store.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findBadText(value: unknown, root: string): BadText | null {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const bad = badTextIn(v, path);
      if (bad) return bad;
    } else if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
      // Bytes (a raw body kept as a Buffer: carrier webhooks, uploads) hold numbers, not text: nothing to
      // find, and walked as an object they cost a string and a stack entry per byte.
      continue;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const bad = badTextIn(k, `${path}.${k}`);
        if (bad) return bad;
        stack.push([child, `${path}.${k}`]);
      }
    }
  }
  return null;
}


/** The text with every NUL and unpaired surrogate replaced by U+FFFD (for names shown back). */
export const replaceBadText = (s: string) => s.replace(new RegExp(BAD_TEXT.source, 'g'), '\ufffd');

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text safe in HTML content and in a quoted attribute value. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
