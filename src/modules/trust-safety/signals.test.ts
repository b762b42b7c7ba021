import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, contentStats, evaluateSignals, pumpingStats, scanContent, thresholdsFrom, type SignalCode, type TrafficStats } from './signals.js';

const base: TrafficStats = { sent: 100, optOuts: 0, firstTexted: 100, firstMessageStops: 0, carrierFiltered: 0, noConsent: 0 };
const T = DEFAULT_THRESHOLDS;
const crossedOf = (s: TrafficStats, t = T) => evaluateSignals(s, t).filter((x) => x.crossed).map((x) => x.code).sort();

describe('evaluateSignals', () => {
  it.each<[string, Partial<TrafficStats>, SignalCode[]]>([
    ['clean traffic', {}, []],
    ['opt-outs at the threshold (5 of 100)', { optOuts: 5 }, ['opt_out_rate']],
    ['opt-outs just below (4 of 100)', { optOuts: 4 }, []],
    ['opt-outs high but a small sample (3 of 10)', { sent: 10, optOuts: 3, firstTexted: 10 }, []],
    ['STOP right after the first text (10 of 100)', { firstMessageStops: 10 }, ['first_message_stop_rate']],
    ['carrier filtering (30007 / REJECTD) 6 of 100', { carrierFiltered: 6 }, ['carrier_filtering']],
    ['half the sends without consent', { noConsent: 50 }, ['no_consent_share']],
    ['a spike: 600 in a day over a baseline of 14 a day', { sent: 600, firstTexted: 600, baselineSent: 14 * 14 }, ['volume_spike']],
    ['no spike below the minimum volume', { sent: 400, firstTexted: 400, baselineSent: 14 }, []],
    ['no spike at the usual volume', { sent: 600, firstTexted: 600, baselineSent: 14 * 600 }, []],
    ['shorteners in 30 of 100', { content: { shortener: 30, phishing: 0, shaft: 0, examples: { shortener: ['bit.ly'], phishing: [], shaft: [] } } }, ['link_shorteners']],
    ['phishing in 5 of 100', { content: { shortener: 0, phishing: 5, shaft: 0, examples: { shortener: [], phishing: ['verify your account'], shaft: [] } } }, ['phishing_content']],
    ['SHAFT in 20 of 100', { content: { shortener: 0, phishing: 0, shaft: 20, examples: { shortener: [], phishing: [], shaft: ['vape'] } } }, ['shaft_content']],
    ['pumping: high-cost 10 of 100', { pumping: { highCost: 10, distinctDestinations: 100, inSequentialRuns: 0, longestRun: 1 } }, ['sms_pumping_high_cost']],
    ['pumping: sequential 30 of 100', { pumping: { highCost: 0, distinctDestinations: 100, inSequentialRuns: 30, longestRun: 30 } }, ['sms_pumping_sequential']],
  ])('%s', (_, over, expected) => {
    expect(crossedOf({ ...base, ...over })).toEqual([...expected].sort());
  });

  it('explains each signal with its numbers', () => {
    const [optOut] = evaluateSignals({ ...base, optOuts: 7 }, T);
    expect(optOut).toMatchObject({ code: 'opt_out_rate', value: 0.07, threshold: 0.05, crossed: true, numbers: { optOuts: 7, sent: 100 } });
    expect(optOut.explanation).toBe('The account: opt-outs (STOP) per text sent: 7 of 100 (7.0%) in the last 24 h; threshold 5.0%.');
    const c = evaluateSignals({ ...base, optOuts: 7 }, T, 'cmp-1')[0];
    expect(c.campaignId).toBe('cmp-1');
    expect(c.explanation.startsWith('This campaign:')).toBe(true);
  });

  it('thresholds are configurable (operator values over the defaults; nonsense ignored)', () => {
    const t = thresholdsFrom({ optOutRate: 0.5, minSample: 5, highCostPrefixes: ['+999'], unknown: 1, spikeFactor: -3, noConsentShare: 'x' });
    expect(t).toMatchObject({ optOutRate: 0.5, minSample: 5, highCostPrefixes: ['+999'], spikeFactor: T.spikeFactor, noConsentShare: T.noConsentShare });
    expect(crossedOf({ ...base, optOuts: 7 }, t)).toEqual([]);
  });
});

describe('scanContent', () => {
  it.each<[string, { shortener: string | null; phishing: boolean; shaft: string | null }]>([
    ['Your table is ready', { shortener: null, phishing: false, shaft: null }],
    ['Sale today: https://bit.ly/abc', { shortener: 'bit.ly', phishing: false, shaft: null }],
    ['see tinyurl.com/x2 now', { shortener: 'tinyurl.com', phishing: false, shaft: null }],
    ['orbit.ly is not a shortener domain we know', { shortener: null, phishing: false, shaft: null }],
    ['Your account has been suspended. Verify your account at our site', { shortener: null, phishing: true, shaft: null }],
    ['Your package could not be delivered, update here', { shortener: null, phishing: true, shaft: null }],
    ['Happy hour: 2-for-1 cocktails', { shortener: null, phishing: false, shaft: 'happy hour' }],
    ['New vape flavours in store', { shortener: null, phishing: false, shaft: 'vape' }],
    ['Shotgun seats are free (no firearms here)', { shortener: null, phishing: false, shaft: 'firearms' }],
  ])('%s', (body, expected) => {
    const r = scanContent(body);
    expect({ shortener: r.shortener, phishing: r.phishing !== null, shaft: r.shaft }).toEqual(expected);
  });

  it("keeps as a phishing example the pattern's words, never the text between them (a review keeps it after the text is erased)", () => {
    expect(scanContent('You won a cruise, Jane Doe of 12 Elm St (212 555 0100): claim it now').phishing).toBe('You won … claim');
    expect(scanContent('IRS notice for Jane Doe, jane@example.com: click here').phishing).toBe('IRS … click');
    expect(scanContent('Please verify your account today').phishing).toBe('verify your account');
  });

  it('counts sends, not distinct texts, with a few examples', () => {
    const s = contentStats([{ body: 'Deal bit.ly/1', n: 10 }, { body: 'Deal tinyurl.com/2', n: 5 }, { body: 'Hello', n: 85 }]);
    expect(s).toMatchObject({ shortener: 15, phishing: 0, shaft: 0, examples: { shortener: ['bit.ly', 'tinyurl.com'] } });
  });
});

describe('pumpingStats', () => {
  const seq = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ to: `+1212555${String(from + i).padStart(4, '0')}`, n: 1 }));
  it.each<[string, Array<{ to: string; n: number }>, { highCost: number; distinctDestinations: number; inSequentialRuns: number; longestRun: number }]>([
    ['none', [], { highCost: 0, distinctDestinations: 0, inSequentialRuns: 0, longestRun: 0 }],
    ['a run of 5 counts', seq(1000, 5), { highCost: 0, distinctDestinations: 5, inSequentialRuns: 5, longestRun: 5 }],
    ['a run of 4 does not', seq(1000, 4), { highCost: 0, distinctDestinations: 4, inSequentialRuns: 0, longestRun: 4 }],
    ['two runs and strays', [...seq(1000, 6), ...seq(2000, 5), { to: '+12125553333', n: 1 }], { highCost: 0, distinctDestinations: 12, inSequentialRuns: 11, longestRun: 6 }],
    ['high-cost prefixes count sends', [{ to: '+88212345678', n: 4 }, { to: '+12125550000', n: 1 }], { highCost: 4, distinctDestinations: 2, inSequentialRuns: 0, longestRun: 1 }],
  ])('%s', (_, dests, expected) => {
    expect(pumpingStats(dests, T)).toEqual(expected);
  });
});
