// The web composer's pure rules (web/src/pages/campaigns/composer/draft.ts), table-driven: merge-field
// insertion at the cursor, the audience and schedule sent to the API, and cost formatting.
import { describe, expect, it } from 'vitest';
import { audienceOf, campaignBody, EMPTY_DRAFT, insertMergeField, money, scheduleOf, type Draft } from '../web/src/pages/campaigns/composer/draft.js';

const draft = (patch: Partial<Draft>): Draft => ({ ...EMPTY_DRAFT, ...patch });

describe('campaign composer draft', () => {
  it.each<[string, string, number | null, string, { body: string; cursor: number }]>([
    ['', 'first_name', null, '', { body: '{{first_name}}', cursor: 14 }],
    ['Hi !', 'first_name', 3, '', { body: 'Hi {{first_name}}!', cursor: 17 }],
    ['Hi', 'first_name', 99, 'there', { body: 'Hi{{first_name|there}}', cursor: 22 }],
    ['Tier: ', 'tier', -1, '', { body: 'Tier: {{tier}}', cursor: 14 }],
  ])('inserts into %j the field %s at %s', (body, key, at, fallback, out) => {
    expect(insertMergeField(body, key, at, fallback)).toEqual(out);
  });

  it.each<[Partial<Draft>, unknown]>([
    [{ tags: ['vip'] }, { tags: ['vip'] }],
    [{ segmentIds: ['seg_1'], importIds: ['imp_1'], excludeTags: ['x'] }, { segmentIds: ['seg_1'], importIds: ['imp_1'], exclude: { tags: ['x'] } }],
    [{ tags: ['a'], contactedWithinDays: 7 }, { tags: ['a'], exclude: { contactedWithinDays: 7 } }],
    [{ tags: ['a'], contactedWithinDays: 0 }, { tags: ['a'] }],
  ])('audience of %o', (patch, audience) => {
    expect(audienceOf(draft(patch))).toEqual(audience);
  });

  it.each<[Partial<Draft>, unknown]>([
    [{ schedule: 'now', at: '2030-01-02T10:00' }, null],
    [{ schedule: 'at', at: '' }, null],
    [{ schedule: 'at', at: '2030-01-02T10:00' }, { at: new Date('2030-01-02T10:00').toISOString() }],
    [{ schedule: 'local', localTime: '10:00', localDate: '2030-01-02' }, { localTime: '10:00', date: '2030-01-02' }],
    [{ schedule: 'local', localTime: '10:00', localDate: '' }, null],
  ])('schedule of %o', (patch, schedule) => {
    expect(scheduleOf(draft(patch))).toEqual(schedule);
  });

  it('campaign body: only what was chosen', () => {
    expect(campaignBody(draft({ name: ' Sale ', body: 'Hi', tags: ['vip'], from: 'pool_1', mediaUrls: ['https://x.example/a.png'] }))).toEqual({
      name: 'Sale', body: 'Hi', smartEncoding: true, audience: { tags: ['vip'] }, from: 'pool_1', mediaUrls: ['https://x.example/a.png'],
    });
  });

  it.each([['0.0249', '$0.0249'], ['0.0498', '$0.0498'], ['1', '$1.00'], ['1234.5', '$1,234.50'], ['0', '$0.00']])('money(%s) = %s', (cost, out) => {
    expect(money(cost)).toBe(out);
  });
});
