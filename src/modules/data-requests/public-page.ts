/**
 * The public privacy page's HTML: server-rendered, no script, one nonce'd <style>, never framed
 * (frame-ancestors 'none'), never cached (it shows a person's choices).
 */
import { randomBytes } from 'node:crypto';
import { escapeHtml as esc } from '../../lib/text.js';

const CSS = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:24px;color:#1a1b1e;background:#fff}
main{max-width:460px;margin:0 auto}h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:24px 0 8px}p{margin:0 0 16px}label{display:block;font-weight:600;margin:0 0 4px}
input[type=tel],input[type=text],input[type=email],textarea{box-sizing:border-box;width:100%;padding:10px;border:1px solid #ced4da;border-radius:6px;font-size:16px;margin:0 0 16px;font-family:inherit}
button{background:#228be6;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:16px;cursor:pointer}.danger{background:#e03131}.plain{background:#495057}
form.choice{border:1px solid #e9ecef;border-radius:8px;padding:16px;margin:0 0 16px}
.error{background:#fff5f5;color:#c92a2a;border:1px solid #ffc9c9;border-radius:6px;padding:8px 12px}.muted{color:#868e96;font-size:13px}`;

export function pageHeaders(nonce: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': [`default-src 'none'`, `style-src 'nonce-${nonce}'`, `form-action 'self'`, `base-uri 'none'`, `frame-ancestors 'none'`].join('; '),
  };
}

export const newNonce = () => randomBytes(16).toString('base64');

function layout(nonce: string, business: string, body: string) {
  const title = `${business}: your privacy`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="same-origin"><meta name="robots" content="noindex">
<title>${esc(title)}</title><style nonce="${nonce}">${CSS}</style></head><body><main>${body}</main></body></html>`;
}

const errorBox = (error: string | null | undefined) => (error ? `<p class="error" role="alert" data-testid="privacy-error">${esc(error)}</p>` : '');
const ticketField = (ticket: string) => `<input type="hidden" name="ticket" value="${esc(ticket)}">`;

export function startPage(nonce: string, business: string, slug: string, token: string, opts: { error?: string | null; phone?: string } = {}) {
  return layout(nonce, business, `<h1>Your data at ${esc(business)}</h1>
<p>See the texts ${esc(business)} keeps about you, correct your details, ask for them to be deleted, or stop all texts. First we check that the number is yours: we text it a 6-digit code.</p>${errorBox(opts.error)}
<form method="post" action="/privacy/${esc(slug)}">
<input type="hidden" name="token" value="${esc(token)}">
<label for="phone">Your mobile number</label><input id="phone" name="phone" type="tel" autocomplete="tel" required maxlength="40" value="${esc(opts.phone ?? '')}">
<button type="submit">Text me a code</button></form>`);
}

export function codePage(nonce: string, business: string, slug: string, ticket: string, error: string | null = null) {
  return layout(nonce, business, `<h1>Enter your code</h1>
<p data-testid="privacy-code-sent">If ${esc(business)} holds this number, we texted it a 6-digit code. It expires in 10 minutes.</p>${errorBox(error)}
<form method="post" action="/privacy/${esc(slug)}/verify">${ticketField(ticket)}
<label for="code">Code</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="20">
<button type="submit">Continue</button></form>
<p class="muted">No text? ${esc(business)} may hold no data for this number: you can also ask it directly. <a href="/privacy/${esc(slug)}">Start again</a></p>`);
}

export function choicePage(nonce: string, business: string, slug: string, ticket: string, error: string | null = null) {
  const choice = (type: string, title: string, text: string, fields: string, button: string, cls = '') =>
    `<form class="choice" method="post" action="/privacy/${esc(slug)}/request">${ticketField(ticket)}<input type="hidden" name="type" value="${type}">
<h2>${title}</h2><p>${text}</p>${fields}<button type="submit" class="${cls}" data-testid="privacy-${type}">${button}</button></form>`;
  return layout(nonce, business, `<h1>What would you like to do?</h1><p>Your number is verified.</p>${errorBox(error)}
${choice('access', 'Get a copy of your data', `Download the texts and the consent history ${esc(business)} keeps for this number.`, '', 'Get my data')}
${choice('correction', 'Correct your details', 'Tell us what is wrong and, if you like, the right name or email.',
    `<label for="text">What should be corrected?</label><textarea id="text" name="text" rows="3" maxlength="2000"></textarea>
<label for="firstName">First name</label><input id="firstName" name="firstName" type="text" maxlength="100">
<label for="lastName">Last name</label><input id="lastName" name="lastName" type="text" maxlength="100">
<label for="email">Email</label><input id="email" name="email" type="email" maxlength="254">`, 'Ask for a correction')}
${choice('opt_out', 'Stop all texts', `${esc(business)} will not text this number again (at once).`, '', 'Stop all texts', 'plain')}
${choice('deletion', 'Delete your data', `${esc(business)} deletes your details and texts. Only a coded record that this number must not be texted stays.`,
    '<label for="del-email">Email for the answer (optional)</label><input id="del-email" name="email" type="email" maxlength="254">', 'Delete my data', 'danger')}`);
}

export function receivedPage(nonce: string, business: string, slug: string, r: { id: string; type: string; dueAt: string; status: string }, ticket: string) {
  const what = r.type === 'deletion' ? 'deletion' : r.type === 'correction' ? 'correction' : r.type;
  const body = r.type === 'access'
    ? `<h1>Your data</h1><p data-testid="privacy-done">Your copy is ready.</p>
<form method="post" action="/privacy/${esc(slug)}/download">${ticketField(ticket)}<button type="submit" data-testid="privacy-download">Download my data (ZIP)</button></form>`
    : r.type === 'opt_out'
      ? `<h1>Done</h1><p data-testid="privacy-done">${esc(business)} will not text this number again.</p>`
      : `<h1>Request received</h1><p data-testid="privacy-done">${esc(business)} has your ${esc(what)} request (reference ${esc(r.id)}) and must answer it by ${esc(r.dueAt.slice(0, 10))}. ${r.type === 'deletion' ? 'If you gave an email, the answer goes there.' : 'You will get the answer by text.'}</p>`;
  return layout(nonce, business, `${body}<p><a href="/privacy/${esc(slug)}">Back to the start</a></p>`);
}

export const errorPage = (nonce: string, business: string, message: string, back?: string) =>
  layout(nonce, business, `<h1>${esc(business)}</h1>${errorBox(message)}${back ? `<p><a href="${esc(back)}">Start again</a></p>` : ''}`);
