/**
 * Risk signals (issue 13): pure rules over an account's (or a campaign's) traffic aggregates of a
 * recent window. Each signal says whether it crossed its threshold and explains itself with its
 * numbers. The aggregates come from SQL (signals.repo.ts); the keyword lists and number checks
 * that need the message text or the destinations are here too.
 */

export const SIGNAL_CODES = [
  'opt_out_rate', 'first_message_stop_rate', 'carrier_filtering', 'no_consent_share', 'volume_spike',
  'link_shorteners', 'phishing_content', 'shaft_content', 'sms_pumping_high_cost', 'sms_pumping_sequential',
] as const;
export type SignalCode = (typeof SIGNAL_CODES)[number];

export interface Thresholds {
  /** Hours of traffic each evaluation looks at. */
  windowHours: number;
  /** Days before the window that make the account's baseline volume. */
  baselineDays: number;
  /** Fewer sends than this in the window: rate signals stay quiet (too small a sample). */
  minSample: number;
  optOutRate: number;
  firstMessageStopRate: number;
  /** How soon after a contact's first text a STOP counts as "right after". */
  firstMessageStopHours: number;
  carrierFilteredRate: number;
  noConsentShare: number;
  /** Window volume over the baseline (per window-length) that is a spike… */
  spikeFactor: number;
  /** …and at least this many sends in the window. */
  spikeMinVolume: number;
  /** Share of sends whose text carries a third-party link shortener / a phishing pattern / a SHAFT term. */
  shortenerShare: number;
  phishingShare: number;
  shaftShare: number;
  /** Share of sends to high-cost prefixes. */
  highCostShare: number;
  /** Share of distinct destinations that are in runs of `sequentialRun` consecutive numbers. */
  sequentialShare: number;
  sequentialRun: number;
  /** High-cost destination prefixes (E.164, with +). */
  highCostPrefixes: string[];
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  windowHours: 24,
  baselineDays: 14,
  minSample: 20,
  optOutRate: 0.05,
  firstMessageStopRate: 0.1,
  firstMessageStopHours: 24,
  carrierFilteredRate: 0.05,
  noConsentShare: 0.5,
  spikeFactor: 5,
  spikeMinVolume: 500,
  shortenerShare: 0.2,
  phishingShare: 0.05,
  shaftShare: 0.2,
  highCostShare: 0.1,
  sequentialShare: 0.3,
  sequentialRun: 5,
  // International networks, satellite and premium international services, and destinations often
  // seen in SMS pumping (artificially inflated traffic) reports.
  highCostPrefixes: ['+881', '+882', '+883', '+870', '+979', '+808', '+888', '+247', '+290', '+682', '+683', '+690', '+674', '+688', '+686', '+677', '+678', '+992', '+993', '+996', '+998', '+252', '+232', '+371'],
};

/** Merges operator-set values over the defaults (unknown keys and wrong types are ignored). */
export function thresholdsFrom(stored: Record<string, unknown> | null | undefined): Thresholds {
  const out: Thresholds = { ...DEFAULT_THRESHOLDS, highCostPrefixes: [...DEFAULT_THRESHOLDS.highCostPrefixes] };
  for (const [k, v] of Object.entries(stored ?? {})) {
    if (!(k in DEFAULT_THRESHOLDS)) continue;
    const key = k as keyof Thresholds;
    if (key === 'highCostPrefixes') {
      if (Array.isArray(v) && v.every((p) => typeof p === 'string')) out.highCostPrefixes = v as string[];
    } else if (typeof v === 'number' && Number.isFinite(v) && v >= 0) (out as unknown as Record<string, number>)[key] = v;
  }
  return out;
}

/** What SQL and the content scan found in the window, for an account or one of its campaigns. */
export interface TrafficStats {
  /** Outbound texts created in the window (keyword replies excluded). */
  sent: number;
  optOuts: number;
  /** Contacts first texted in the window, and of them those who opted out within firstMessageStopHours of it. */
  firstTexted: number;
  firstMessageStops: number;
  /** Outbound texts of the window that failed with a carrier-filtering code (Twilio 30007, SMPP REJECTD…). */
  carrierFiltered: number;
  /** Outbound texts to contacts with no consent recorded (no contact, or consent state unknown). */
  noConsent: number;
  /** Outbound texts in the baseline days before the window (account only). */
  baselineSent?: number;
  content?: ContentStats;
  pumping?: PumpingStats;
}

export interface ContentStats { shortener: number; phishing: number; shaft: number; examples: Record<'shortener' | 'phishing' | 'shaft', string[]> }
export interface PumpingStats { highCost: number; distinctDestinations: number; inSequentialRuns: number; longestRun: number }

export interface Signal {
  code: SignalCode;
  /** Campaign signals name their campaign. */
  campaignId?: string | null;
  value: number;
  threshold: number;
  crossed: boolean;
  /** The numbers behind the value. */
  numbers: Record<string, number | string>;
  explanation: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** The signals of one set of aggregates, every one of them (crossed or not), each explained. */
export function evaluateSignals(s: TrafficStats, t: Thresholds, campaignId: string | null = null): Signal[] {
  const out: Signal[] = [];
  const sampled = s.sent >= t.minSample;
  const tag = campaignId ? 'This campaign' : 'The account';
  const rate = (code: SignalCode, num: number, den: number, threshold: number, numbers: Record<string, number>, what: string) => {
    const value = ratio(num, den);
    const crossed = den >= t.minSample && value >= threshold;
    out.push({
      code, campaignId, value, threshold, crossed, numbers: { ...numbers, minSample: t.minSample, windowHours: t.windowHours },
      explanation: `${tag}: ${what} ${num} of ${den} (${pct(value)}) in the last ${t.windowHours} h; threshold ${pct(threshold)}${den < t.minSample ? ` (below the minimum sample of ${t.minSample})` : ''}.`,
    });
  };
  rate('opt_out_rate', s.optOuts, s.sent, t.optOutRate, { optOuts: s.optOuts, sent: s.sent }, 'opt-outs (STOP) per text sent:');
  rate('first_message_stop_rate', s.firstMessageStops, s.firstTexted, t.firstMessageStopRate,
    { stops: s.firstMessageStops, firstTexted: s.firstTexted, withinHours: t.firstMessageStopHours },
    `contacts texted for the first time who answered STOP within ${t.firstMessageStopHours} h:`);
  rate('carrier_filtering', s.carrierFiltered, s.sent, t.carrierFilteredRate, { filtered: s.carrierFiltered, sent: s.sent }, 'texts filtered by carriers (30007 / SMPP REJECTD):');
  rate('no_consent_share', s.noConsent, s.sent, t.noConsentShare, { noConsent: s.noConsent, sent: s.sent }, 'texts to contacts without recorded consent:');
  if (s.baselineSent !== undefined) {
    const perWindow = s.baselineSent / Math.max(1, (t.baselineDays * 24) / t.windowHours);
    const value = ratio(s.sent, Math.max(perWindow, 1));
    const crossed = s.sent >= t.spikeMinVolume && value >= t.spikeFactor;
    out.push({
      code: 'volume_spike', campaignId, value, threshold: t.spikeFactor, crossed,
      numbers: { sent: s.sent, baselineSent: s.baselineSent, baselineDays: t.baselineDays, baselinePerWindow: Math.round(perWindow * 10) / 10, minVolume: t.spikeMinVolume },
      explanation: `${tag}: ${s.sent} texts in the last ${t.windowHours} h against a baseline of ${perWindow.toFixed(1)} per ${t.windowHours} h (${s.baselineSent} over the ${t.baselineDays} days before): ×${value.toFixed(1)}; threshold ×${t.spikeFactor} with at least ${t.spikeMinVolume} texts.`,
    });
  }
  if (s.content) {
    const c = s.content;
    const content = (code: SignalCode, n: number, threshold: number, what: string, examples: string[]) => {
      const value = ratio(n, s.sent);
      out.push({
        code, campaignId, value, threshold, crossed: sampled && value >= threshold,
        numbers: { matching: n, sent: s.sent, ...(examples.length ? { examples: examples.join(', ') } : {}) },
        explanation: `${tag}: ${n} of ${s.sent} texts (${pct(value)}) ${what}${examples.length ? ` (${examples.join(', ')})` : ''}; threshold ${pct(threshold)}.`,
      });
    };
    content('link_shorteners', c.shortener, t.shortenerShare, 'carry a third-party link shortener', c.examples.shortener);
    content('phishing_content', c.phishing, t.phishingShare, 'match phishing patterns', c.examples.phishing);
    content('shaft_content', c.shaft, t.shaftShare, 'mention SHAFT categories (sex, hate, alcohol, firearms, tobacco/cannabis)', c.examples.shaft);
  }
  if (s.pumping) {
    const p = s.pumping;
    const hc = ratio(p.highCost, s.sent);
    out.push({
      code: 'sms_pumping_high_cost', campaignId, value: hc, threshold: t.highCostShare, crossed: sampled && hc >= t.highCostShare,
      numbers: { highCost: p.highCost, sent: s.sent },
      explanation: `${tag}: ${p.highCost} of ${s.sent} texts (${pct(hc)}) went to high-cost prefixes; threshold ${pct(t.highCostShare)}.`,
    });
    const sq = ratio(p.inSequentialRuns, p.distinctDestinations);
    out.push({
      code: 'sms_pumping_sequential', campaignId, value: sq, threshold: t.sequentialShare,
      crossed: p.distinctDestinations >= t.minSample && sq >= t.sequentialShare,
      numbers: { inRuns: p.inSequentialRuns, destinations: p.distinctDestinations, longestRun: p.longestRun, run: t.sequentialRun },
      explanation: `${tag}: ${p.inSequentialRuns} of ${p.distinctDestinations} distinct destinations (${pct(sq)}) are in runs of at least ${t.sequentialRun} consecutive numbers (longest ${p.longestRun}); threshold ${pct(t.sequentialShare)}.`,
    });
  }
  return out;
}

/** Third-party link shorteners (the platform's own tracked links are not among them). */
export const SHORTENER_DOMAINS = [
  'bit.ly', 'bitly.com', 'tinyurl.com', 'goo.gl', 't.co', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly', 'shorturl.at',
  'tiny.cc', 'rb.gy', 't.ly', 'v.gd', 'bl.ink', 'short.io', 's.id', 'lnkd.in', 'shorte.st', 'adf.ly', 'tr.im', 'qr.ae', 'x.co',
];

export const PHISHING_PATTERNS: RegExp[] = [
  /\bverify (your|ur) (account|identity|information|details)\b/i,
  /\b(account|card) (has been|was|is) (suspended|locked|blocked|disabled|compromised)\b/i,
  /\bunusual (sign[- ]?in|login|activity)\b/i,
  /\bconfirm (your|ur) (password|pin|ssn|social security|bank|card)\b/i,
  /\b(package|parcel|delivery) (could not|couldn't|cannot|was unable to) be delivered\b/i,
  /\b(update|re-?enter) (your|ur) (payment|billing|card) (details|information|info)\b/i,
  /\byou('ve| have)? won\b.*\b(claim|prize|gift ?card)\b/i,
  /\b(irs|tax refund)\b.*\b(claim|click|verify)\b/i,
];

/** SHAFT (sex, hate, alcohol, firearms, tobacco — and cannabis, which US carriers treat alike). */
export const SHAFT_TERMS: Record<'sex' | 'hate' | 'alcohol' | 'firearms' | 'tobacco', string[]> = {
  sex: ['xxx', 'porn', 'escort', 'nude', 'nudes', 'sexy singles', 'hookup', 'adult content', 'camgirl', 'onlyfans'],
  hate: ['white power', 'racial purity', 'ethnic cleansing'],
  alcohol: ['beer', 'wine', 'vodka', 'whiskey', 'tequila', 'liquor', 'happy hour', 'cocktail', 'brewery'],
  firearms: ['gun', 'guns', 'firearm', 'firearms', 'rifle', 'ammo', 'ammunition', 'handgun', 'ar-15'],
  tobacco: ['cigarette', 'cigarettes', 'cigar', 'vape', 'vaping', 'e-cig', 'tobacco', 'nicotine', 'cbd', 'thc', 'cannabis', 'marijuana', 'weed', 'dispensary', 'kratom'],
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SHORTENER_RE = new RegExp(`(?:^|[\\s(/"'<])(?:https?://)?(?:www\\.)?(${SHORTENER_DOMAINS.map(escapeRe).join('|')})/\\S+`, 'i');
const SHAFT_RE = new RegExp(`\\b(${Object.values(SHAFT_TERMS).flat().map(escapeRe).join('|')})\\b`, 'i');

/**
 * The words a phishing pattern matched, without what the text carried between them ("You won …
 * claim", not the name and number in between): the example is stored in the account's review,
 * which outlives the text's redaction and the person's erasure.
 */
function phishingExample(re: RegExp, body: string): string | null {
  const m = re.exec(body)?.[0];
  if (m === undefined) return null;
  const parts = re.source.split('.*');
  if (parts.length === 1) return m;
  const first = new RegExp(parts[0], re.flags).exec(m)?.[0] ?? '';
  const last = new RegExp(`${parts[parts.length - 1]}$`, re.flags).exec(m)?.[0] ?? '';
  return `${first} … ${last}`;
}

/** What one text carries: the matched shortener domain, phishing pattern (its words only), SHAFT term (null: none). */
export function scanContent(body: string): { shortener: string | null; phishing: string | null; shaft: string | null } {
  const s = SHORTENER_RE.exec(body);
  const p = PHISHING_PATTERNS.find((re) => re.test(body));
  const f = SHAFT_RE.exec(body);
  return { shortener: s ? s[1].toLowerCase() : null, phishing: p ? phishingExample(p, body) : null, shaft: f ? f[1].toLowerCase() : null };
}

/** Content stats of the window's distinct texts (body → how many sends carried it). */
export function contentStats(bodies: Array<{ body: string; n: number }>): ContentStats {
  const out: ContentStats = { shortener: 0, phishing: 0, shaft: 0, examples: { shortener: [], phishing: [], shaft: [] } };
  for (const { body, n } of bodies) {
    const hit = scanContent(body);
    for (const k of ['shortener', 'phishing', 'shaft'] as const) {
      const v = hit[k];
      if (!v) continue;
      out[k] += n;
      if (out.examples[k].length < 3 && !out.examples[k].includes(v)) out.examples[k].push(v);
    }
  }
  return out;
}

/** Pumping stats: sends to high-cost prefixes, and distinct destinations in runs of consecutive numbers. */
export function pumpingStats(destinations: Array<{ to: string; n: number }>, t: Pick<Thresholds, 'highCostPrefixes' | 'sequentialRun'>): PumpingStats {
  let highCost = 0;
  for (const d of destinations) if (t.highCostPrefixes.some((p) => d.to.startsWith(p))) highCost += d.n;
  const nums = [...new Set(destinations.map((d) => d.to).filter((x) => /^\+\d{6,15}$/.test(x)))].map((x) => BigInt(x.slice(1))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let inRuns = 0;
  let longest = nums.length ? 1 : 0;
  let run = 1;
  const close = () => {
    if (run >= t.sequentialRun) inRuns += run;
    longest = Math.max(longest, run);
  };
  for (let i = 1; i < nums.length; i++) {
    if (nums[i] - nums[i - 1] === 1n) run++;
    else {
      close();
      run = 1;
    }
  }
  if (nums.length) close();
  return { highCost, distinctDestinations: nums.length, inSequentialRuns: inRuns, longestRun: longest };
}
