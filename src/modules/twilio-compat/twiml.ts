/**
 * TwiML answers to a Twilio-compatible inbound webhook (pure). Twilio's messaging TwiML: a
 * `<Response>` root holding `<Message>` verbs — the body as the verb's text, or as `<Body>` beside
 * up to ten `<Media>` URLs — each optionally `to` / `from` another number. An empty answer or an
 * empty `<Response/>` means no reply. The XML is read by fast-xml-parser (validated first), never
 * by pattern matching; what cannot be read is a Twilio error code with our words, not an exception.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface TwimlMessage { body: string; media: string[]; to: string | null; from: string | null }
export type TwimlResult =
  | { ok: true; messages: TwimlMessage[]; ignored: string[] }
  | { ok: false; code: number; message: string };

/** Twilio's error codes for a bad TwiML document. */
export const TWIML_PARSE_FAILURE = 12100;
export const TWIML_SCHEMA_INVALID = 12200;
export const MAX_MEDIA = 10;

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false,
  parseTagValue: false, parseAttributeValue: false, processEntities: true, htmlEntities: false, commentPropName: '#comment',
});

/** The element name of a preserved-order node ('#text', '#comment', '?xml' or a tag). */
const nameOf = (n: Node) => Object.keys(n).find((k) => k !== ':@') ?? '';
const childrenOf = (n: Node) => (n[nameOf(n)] as Node[] | undefined) ?? [];
const textOf = (nodes: Node[]) => nodes.filter((c) => nameOf(c) === '#text').map((c) => String(c['#text'])).join('');
const isBlank = (n: Node) => nameOf(n) === '#comment' || (nameOf(n) === '#text' && !String(n['#text']).trim());

const fail = (code: number, message: string): TwimlResult => ({ ok: false, code, message });

function readMessage(node: Node, index: number, ignored: string[]): TwimlMessage | string {
  const attrs = node[':@'] ?? {};
  for (const a of Object.keys(attrs)) if (a !== 'to' && a !== 'from') ignored.push(`Message[${index}]@${a}`);
  const kids = childrenOf(node);
  const bodies = kids.filter((k) => nameOf(k) === 'Body');
  const media = kids.filter((k) => nameOf(k) === 'Media').map((k) => textOf(childrenOf(k)).trim());
  for (const k of kids) {
    const n = nameOf(k);
    if (n !== '#text' && n !== 'Body' && n !== 'Media' && n !== '#comment') return `<Message> may hold only text, <Body> and <Media>, not <${n}>.`;
  }
  if (bodies.length > 1) return '<Message> has more than one <Body>.';
  if (bodies.some((b) => childrenOf(b).some((c) => !['#text', '#comment'].includes(nameOf(c))))) return '<Body> may hold only text.';
  if (media.length > MAX_MEDIA) return `<Message> has more than ${MAX_MEDIA} <Media>.`;
  if (media.some((m) => !m)) return '<Media> is empty.';
  const direct = textOf(kids);
  if (bodies.length && direct.trim()) return '<Message> has both text and a <Body>.';
  const body = (bodies.length ? textOf(childrenOf(bodies[0])) : direct).trim();
  const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : null);
  return { body, media, to: opt(attrs.to), from: opt(attrs.from) };
}

/** Reads an answer's body: the replies it asks for, or why it cannot be read. */
export function parseTwiml(text: string): TwimlResult {
  if (!text.trim()) return { ok: true, messages: [], ignored: [] };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return fail(TWIML_PARSE_FAILURE, `The answer is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}).`);
  let doc: Node[];
  try {
    doc = parser.parse(text) as Node[];
  } catch (err) {
    return fail(TWIML_PARSE_FAILURE, `The answer is not well-formed XML: ${(err as Error).message}`);
  }
  const roots = doc.filter((n) => !isBlank(n) && nameOf(n) !== '?xml');
  if (roots.length !== 1 || nameOf(roots[0]) !== 'Response') {
    return fail(TWIML_SCHEMA_INVALID, `The root element must be one <Response>, not ${roots.map((r) => `<${nameOf(r)}>`).join(', ') || 'nothing'}.`);
  }
  const messages: TwimlMessage[] = [];
  const ignored: string[] = [];
  for (const verb of childrenOf(roots[0])) {
    if (isBlank(verb)) continue;
    const name = nameOf(verb);
    if (name === '#text') return fail(TWIML_SCHEMA_INVALID, '<Response> may hold only verbs, not text.');
    if (name !== 'Message') {
      ignored.push(name);
      continue;
    }
    const m = readMessage(verb, messages.length, ignored);
    if (typeof m === 'string') return fail(TWIML_SCHEMA_INVALID, m);
    messages.push(m);
  }
  return { ok: true, messages, ignored };
}
