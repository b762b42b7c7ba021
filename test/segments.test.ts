import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { signUp, type SignedUp } from './factories.js';

describeEachDb('segment filters', (use) => {
  let t: SignedUp;
  beforeAll(async () => {
    t = await signUp(use().app);
    const c = t.client;
    await c.post('/v1/custom-fields', { label: 'Visits', type: 'number' });
    await c.post('/v1/custom-fields', { label: 'Birthday', type: 'date' });
    await c.post('/v1/custom-fields', { label: 'Member', type: 'boolean' });
    const rows = [
      ['A', '+1 305 555 0301', ['vip'], { visits: 12, birthday: '1990-05-01', member: true }],
      ['B', '+1 305 555 0302', ['vip', 'new'], { visits: 2 }],
      ['C', '+44 20 7946 0958', [], { member: false }],
      ['D', '+33 6 12 34 56 78', ['new'], { visits: 40, birthday: '2001-12-24' }],
    ] as const;
    for (const [firstName, phone, tags, fields] of rows) await c.post('/v1/contacts', { firstName, phone, tags, fields });
    const list = (await c.get('/v1/contacts')).json().data;
    const d = list.find((x: { firstName: string }) => x.firstName === 'D');
    await c.post(`/v1/contacts/${d.id}/consent`, { kind: 'opt_out', source: 'api', evidence: {} });
    const b = list.find((x: { firstName: string }) => x.firstName === 'B');
    await c.post(`/v1/contacts/${b.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'ok' } });
  });

  const cases: Array<[string, object, string[]]> = [
    ['no conditions', { conditions: [] }, ['A', 'B', 'C', 'D']],
    ['has tag', { conditions: [{ type: 'tag', op: 'has', value: 'vip' }] }, ['A', 'B']],
    ['lacks tag', { conditions: [{ type: 'tag', op: 'not_has', value: 'new' }] }, ['A', 'C']],
    ['number >', { conditions: [{ type: 'field', key: 'visits', op: 'gt', value: 10 }] }, ['A', 'D']],
    ['number <=', { conditions: [{ type: 'field', key: 'visits', op: 'lte', value: 12 }] }, ['A', 'B']],
    ['date before', { conditions: [{ type: 'field', key: 'birthday', op: 'lt', value: '2000-01-01' }] }, ['A']],
    ['boolean eq', { conditions: [{ type: 'field', key: 'member', op: 'eq', value: true }] }, ['A']],
    ['boolean neq', { conditions: [{ type: 'field', key: 'member', op: 'neq', value: true }] }, ['B', 'C', 'D']],
    ['field set', { conditions: [{ type: 'field', key: 'birthday', op: 'is_set' }] }, ['A', 'D']],
    ['field not set', { conditions: [{ type: 'field', key: 'visits', op: 'not_set' }] }, ['C']],
    ['consent is', { conditions: [{ type: 'consent', op: 'is', value: 'unknown' }] }, ['A', 'C']],
    ['consent is not', { conditions: [{ type: 'consent', op: 'is_not', value: 'opted_out' }] }, ['A', 'B', 'C']],
    ['phone type', { conditions: [{ type: 'phone_type', op: 'is', value: 'mobile' }] }, ['D']],
    ['country', { conditions: [{ type: 'country', op: 'is', value: 'gb' }] }, ['C']],
    ['created within', { conditions: [{ type: 'created_at', op: 'within_days', value: 1 }] }, ['A', 'B', 'C', 'D']],
    ['created before 2000', { conditions: [{ type: 'created_at', op: 'before', value: '2000-01-01' }] }, []],
    ['never messaged', { conditions: [{ type: 'last_message_at', op: 'not_within_days', value: 30 }] }, ['A', 'B', 'C', 'D']],
    ['all of', { match: 'all', conditions: [{ type: 'tag', op: 'has', value: 'new' }, { type: 'consent', op: 'is', value: 'opted_in' }] }, ['B']],
    ['any of', { match: 'any', conditions: [{ type: 'country', op: 'is', value: 'FR' }, { type: 'field', key: 'member', op: 'eq', value: false }] }, ['C', 'D']],
  ];
  it.each(cases)('%s', async (_label, filter, expected) => {
    const c = t.client;
    const seg = await c.post('/v1/segments', { name: _label, filter });
    expect(seg.statusCode).toBe(201);
    const names = (await c.get(`/v1/contacts?segment=${seg.json().id}`)).json().data.map((x: { firstName: string }) => x.firstName).sort();
    expect(names).toEqual(expected);
    expect((await c.post('/v1/segments/count', { filter })).json().count).toBe(expected.length);
  });

  it('refuses a malformed filter', async () => {
    const r = await t.client.post('/v1/segments', { name: 'bad', filter: { conditions: [{ type: 'field', key: 'Robert"); drop table contacts;--', op: 'eq', value: 1 }] } });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('validation_failed');
  });
});
