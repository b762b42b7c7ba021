// Worker thread for an import batch's numbers: libphonenumber with full metadata (~15 µs a
// number) and the number's keyed hash (consent's phoneHash), off the importing thread.
import { createHmac, createSecretKey } from 'node:crypto';
import { analysePhone } from '../../lib/phone-analyse.mjs';

let lastSecret = null;
let lastKey = null;

/**
 * The results as columns, each one string joined by "\n" (none of them can hold a newline): one
 * string per column crosses to the main thread instead of an object per number.
 * @param {{ phones: string[], country: string, secretKey: string | null }} task
 */
export default function parseBatch({ phones, country, secretKey }) {
  if (secretKey !== null && secretKey !== lastSecret) {
    lastKey = createSecretKey(Buffer.from(secretKey, 'utf8')); // as lib/tokens.ts hashToken: the same bytes, the same hashes
    lastSecret = secretKey;
  }
  const n = phones.length;
  const e164 = new Array(n);
  const countries = new Array(n);
  const types = new Array(n);
  const hashes = new Array(n);
  const problems = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = analysePhone(phones[i], country);
    if ('problem' in r) {
      problems[i] = r.problem;
      e164[i] = countries[i] = types[i] = hashes[i] = '';
      continue;
    }
    problems[i] = '';
    e164[i] = r.e164;
    countries[i] = r.country ?? '';
    types[i] = r.type ?? '';
    hashes[i] = secretKey === null ? '' : createHmac('sha256', lastKey).update(`phone:${r.e164}`).digest('base64url');
  }
  return { e164: e164.join('\n'), countries: countries.join('\n'), types: types.join('\n'), hashes: hashes.join('\n'), problems: problems.join('\n') };
}
