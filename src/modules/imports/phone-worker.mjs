// Worker thread for phone parsing (libphonenumber with full metadata costs ~15 µs a number).
import { analysePhone } from '../../lib/phone-analyse.mjs';

/** @param {{ phones: string[], country: string }} task */
export default function parseBatch({ phones, country }) {
  return phones.map((p) => analysePhone(p, country));
}
