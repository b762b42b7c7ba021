import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

describeEachDb('consent ledger', (use) => {
  it('records opt-in and opt-out with evidence, keeps state and suppression in step, and shows the timeline', async () => {
    const { client: c } = await signUp(use().app);
    const ct = (await c.post('/v1/contacts', { phone: '+1 305 555 0200' })).json();
    const noWording = await c.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_in', source: 'web_form', evidence: {} });
    expect(noWording.json().error.code).toBe('evidence_required');
    const wording = 'Yes, text me offers from Acme. Msg & data rates may apply. Reply STOP to opt out.';
    const inn = await c.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_in', source: 'web_form', evidence: { wording, url: 'https://acme.example/join' } }, { 'user-agent': 'form-browser' });
    expect(inn.statusCode).toBe(201);
    expect(inn.json()).toMatchObject({ state: 'opted_in', suppressed: false });
    expect((await c.get(`/v1/contacts/${ct.id}`)).json().consent.state).toBe('opted_in');
    await c.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_out', source: 'agent', evidence: { note: 'Asked by phone' } });
    const tl = (await c.get(`/v1/contacts/${ct.id}/consent`)).json();
    expect(tl).toMatchObject({ state: 'opted_out', suppressed: true });
    expect(tl.data.map((e: { kind: string }) => e.kind)).toEqual(['opt_in', 'opt_out']);
    expect(tl.data[0]).toMatchObject({ source: 'web_form', evidence: { wording, url: 'https://acme.example/join', userAgent: 'form-browser' }, recordedBy: expect.stringContaining('Ada Owner') });
    expect((await c.get('/v1/suppressions')).json().data).toEqual([expect.objectContaining({ phone: '+13055550200', source: 'agent' })]);
  });

  it('refuses changes to consent events at the database (append-only)', async () => {
    const { ctx, app } = use();
    const { client: c } = await signUp(app);
    const ct = (await c.post('/v1/contacts', { phone: '+1 305 555 0201' })).json();
    await c.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_out', source: 'api', evidence: {} });
    await expect(ctx.database.query(`update consent_events set kind = 'opt_in'`)).rejects.toThrow(/append-only/);
    await expect(ctx.database.query(`delete from consent_events`)).rejects.toThrow(/append-only/);
  });

  it('keeps an erased contact\'s number suppressed (as a hash) and its evidence, and a re-added contact starts opted out', async () => {
    const { client: c } = await signUp(use().app);
    const ct = (await c.post('/v1/contacts', { phone: '+1 305 555 0202' })).json();
    await c.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_out', source: 'api', evidence: {} });
    await c.delete(`/v1/contacts/${ct.id}`);
    const sup = (await c.get('/v1/suppressions')).json().data;
    expect(sup).toHaveLength(1);
    expect(sup[0].phone).toBeNull();
    expect(sup[0].phoneHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = (await c.post('/v1/contacts', { phone: '(305) 555-0202' })).json();
    expect(again.consent.state).toBe('opted_out');
    const tl = (await c.get(`/v1/contacts/${again.id}/consent`)).json();
    expect(tl.suppressed).toBe(true);
    expect(tl.data.map((e: { kind: string; contactId: string | null }) => [e.kind, e.contactId])).toEqual([['opt_out', null]]);
  });

  it('exports evidence for one contact and for the account as JSON and CSV', async () => {
    const { client: c } = await signUp(use().app);
    const a = (await c.post('/v1/contacts', { phone: '+1 305 555 0203' })).json();
    const b = (await c.post('/v1/contacts', { phone: '+1 305 555 0204' })).json();
    await c.post(`/v1/contacts/${a.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: '=cmd|calc' } });
    await c.post(`/v1/contacts/${b.id}/consent`, { kind: 'opt_out', source: 'api', evidence: {} });
    const one = (await c.get(`/v1/contacts/${a.id}/consent/export?format=json`)).json();
    expect(one.events).toHaveLength(1);
    expect(one.events[0]).toMatchObject({ phone: '+13055550203', kind: 'opt_in' });
    const all = await c.get('/v1/consent/export?format=csv');
    const lines = all.body.trim().split('\n');
    expect(lines[0]).toContain('event_id,contact_id,phone');
    expect(lines).toHaveLength(3);
    expect(all.body).toContain(`'=cmd|calc`);
    expect(JSON.parse((await c.get('/v1/consent/export')).body).events).toHaveLength(2);
  });
});
