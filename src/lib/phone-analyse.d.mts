export interface ParsedPhone {
  e164: string;
  country: string | null;
  /** libphonenumber's type in lower case: mobile, fixed_line, fixed_line_or_mobile, voip, toll_free, … */
  type: string | null;
}
export type PhoneProblem = 'invalid_phone' | 'too_short' | 'too_long' | 'invalid_country';
export declare function analysePhone(input: string, defaultCountry?: string): ParsedPhone | { problem: PhoneProblem };
