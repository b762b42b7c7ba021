import { analysePhone, type ParsedPhone } from './phone-analyse.mjs';

export { analysePhone, type ParsedPhone, type PhoneProblem } from './phone-analyse.mjs';

/** Parses a phone number; null when it is not a valid number. */
export function parsePhone(input: string, defaultCountry: string = 'US'): ParsedPhone | null {
  const r = analysePhone(input, defaultCountry);
  return 'problem' in r ? null : r;
}

/** Numbers that cannot receive SMS as far as the numbering plan tells. */
export const isLandline = (type: string | null) => type === 'fixed_line';
