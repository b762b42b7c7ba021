import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

type Zxcvbn = typeof import('@zxcvbn-ts/core');
type Language = typeof import('@zxcvbn-ts/language-common') & typeof import('@zxcvbn-ts/language-en');

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
/**
 * zxcvbn scores this many characters of a password at most (its first ones). Its cost grows with
 * the length and the number of l33t-substitutable characters: measured 0.25 s of CPU for 12 such
 * characters, 0.8 s for 64, 3 s for 256 — a sign-up form could make the server spend seconds per
 * request. A prefix that scores too low is refused whatever follows (stricter, never weaker).
 */
export const PASSWORD_SCORED_LENGTH = 64;

/**
 * Loaded and built on the first check, not at import: loading the dictionaries is ~0.4 s of CPU
 * and ranking them ~0.6 s more, which every process start paid (API servers, workers, test
 * servers) even when nobody set a password. Loaded with require (the packages' CommonJS builds)
 * so that the check stays synchronous.
 */
let strength: ZxcvbnFactory | null = null;
function strengthChecker(): ZxcvbnFactory {
  if (strength) return strength;
  const require = createRequire(import.meta.url);
  const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as Zxcvbn;
  const common = require('@zxcvbn-ts/language-common') as Language;
  const en = require('@zxcvbn-ts/language-en') as Language;
  strength = new Factory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
    maxLength: PASSWORD_SCORED_LENGTH,
  });
  return strength;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/**
 * Length 12–256 and not guessable: zxcvbn's score below 3 means the password is (or is
 * built from) a common password, a keyboard pattern or a repetition. The user's own
 * email and name count as guessable too. Only the first PASSWORD_SCORED_LENGTH characters are scored.
 */
export function checkPassword(password: string, userInputs: string[] = []): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  const result = strengthChecker().check(password.slice(0, PASSWORD_SCORED_LENGTH), userInputs.filter(Boolean));
  return result.score < 3 ? 'too_common' : null;
}

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  too_common: 'This password is too common or too easy to guess. Try a longer phrase of unrelated words.',
};

// Algorithm.Argon2id (a const enum, not importable under isolatedModules) is 2. Defaults: 19 MiB, two passes.
const ARGON: Options = { algorithm: 2 as Algorithm };
/** Tests only (TEST_PASSWORD_HASH=fast): 1 MiB and one pass, ~2 % of the CPU. A hash names its own parameters, so either kind verifies. */
const ARGON_FAST: Options = { algorithm: 2 as Algorithm, memoryCost: 1024, timeCost: 1 };
let argon = ARGON;
/** Called at start (startServices) with the configuration's TEST_PASSWORD_HASH. */
export function useFastPasswordHashing(fast: boolean): void {
  argon = fast ? ARGON_FAST : ARGON;
}
export const hashPassword = (password: string) => hash(password, argon);
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false);

/** Verifying against this when a user does not exist keeps sign-in timing uniform. */
let dummyHash: Promise<string> | null = null;
export async function burnVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword('west-message-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}
