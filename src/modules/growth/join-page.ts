/**
 * The hosted sign-up form's pages: minimal server-rendered HTML (no script), styled by one
 * nonce'd <style>, embeddable in the sites the form names (CSP frame-ancestors for these pages only).
 */
import { randomBytes } from 'node:crypto';
import { escapeHtml as esc } from '../../lib/text.js';

export interface PageForm { slug: string; title: string; description: string | null; consentWording: string; programName: string; frequency: string; askName: boolean }

const CSS = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:24px;color:#1a1b1e;background:#fff}
main{max-width:420px;margin:0 auto}h1{font-size:22px;margin:0 0 8px}p{margin:0 0 16px}label{display:block;font-weight:600;margin:0 0 4px}
input[type=tel],input[type=text]{box-sizing:border-box;width:100%;padding:10px;border:1px solid #ced4da;border-radius:6px;font-size:16px;margin:0 0 16px}
.consent{display:flex;gap:8px;align-items:flex-start;font-weight:400;font-size:14px;margin:0 0 16px}.consent input{margin-top:4px}
button{background:#228be6;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:16px;cursor:pointer}
.error{background:#fff5f5;color:#c92a2a;border:1px solid #ffc9c9;border-radius:6px;padding:8px 12px}.muted{color:#868e96;font-size:13px}`;

/** Headers of a form page: its own CSP (nonce'd style, posts only to us, framed only where allowed), never cached. */
export function pageHeaders(nonce: string, embedOrigins: string[]): Record<string, string> {
  const ancestors = embedOrigins.length ? `'self' ${embedOrigins.join(' ')}` : '*';
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': [`default-src 'none'`, `style-src 'nonce-${nonce}'`, `form-action 'self'`, `base-uri 'none'`, `frame-ancestors ${ancestors}`].join('; '),
  };
}

export const newNonce = () => randomBytes(16).toString('base64');

function layout(nonce: string, title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="same-origin">
<title>${esc(title)}</title><style nonce="${nonce}">${CSS}</style></head><body><main>${body}</main></body></html>`;
}

const errorBox = (error: string | null) => (error ? `<p class="error" role="alert" data-testid="join-error">${esc(error)}</p>` : '');

export function formPage(nonce: string, f: PageForm, token: string, opts: { error?: string | null; phone?: string; name?: string } = {}) {
  return layout(nonce, f.title, `<h1>${esc(f.title)}</h1>${f.description ? `<p>${esc(f.description)}</p>` : ''}${errorBox(opts.error ?? null)}
<form method="post" action="/join/${esc(f.slug)}">
<input type="hidden" name="token" value="${esc(token)}">
<label for="phone">Mobile number</label><input id="phone" name="phone" type="tel" autocomplete="tel" required maxlength="40" value="${esc(opts.phone ?? '')}">
${f.askName ? `<label for="name">Name (optional)</label><input id="name" name="name" type="text" autocomplete="name" maxlength="100" value="${esc(opts.name ?? '')}">` : ''}
<label class="consent"><input type="checkbox" name="consent" value="yes" required><span data-testid="consent-wording">${esc(f.consentWording)}</span></label>
<button type="submit">Sign up</button></form>
<p class="muted">${esc(f.programName)}: ${esc(f.frequency)}. Msg &amp; data rates may apply. Reply HELP for help, STOP to opt out.</p>`);
}

export function codePage(nonce: string, f: PageForm, ticket: string, error: string | null = null) {
  return layout(nonce, f.title, `<h1>Enter your code</h1><p>We texted you a 6-digit code. It expires in 10 minutes.</p>${errorBox(error)}
<form method="post" action="/join/${esc(f.slug)}/confirm">
<input type="hidden" name="ticket" value="${esc(ticket)}">
<label for="code">Code</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="20">
<button type="submit">Confirm</button></form>
<p class="muted">No text? If you earlier replied STOP to us, text START first. <a href="/join/${esc(f.slug)}">Start again</a></p>`);
}

export const replyPage = (nonce: string, f: PageForm) =>
  layout(nonce, f.title, `<h1>Check your phone</h1><p data-testid="join-done">We texted you. Reply Y within 24 hours to confirm your subscription to ${esc(f.programName)}.</p>`);

export const donePage = (nonce: string, f: PageForm) =>
  layout(nonce, f.title, `<h1>You are subscribed</h1><p data-testid="join-done">Thanks! You will get texts from ${esc(f.programName)}. ${esc(f.frequency)}. Msg &amp; data rates may apply. Reply HELP for help, STOP to opt out.</p>`);

export const errorPage = (nonce: string, title: string, message: string, back?: string) =>
  layout(nonce, title, `<h1>${esc(title)}</h1>${errorBox(message)}${back ? `<p><a href="${esc(back)}">Start again</a></p>` : ''}`);
