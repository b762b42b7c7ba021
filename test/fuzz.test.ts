import type { PGlite } from '@electric-sql/pglite';
import { expect, it } from 'vitest';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, postMultipart, signUp, tokenFrom } from './factories.js';
import { BAD_URL_VALUES, badCursors, describe, mutations, prng, sample, type JsonSchema, type Mutation } from './fuzz-values.js';

/**
 * Acceptance (issue 7, finding 5): every POST/PATCH/PUT route of the OpenAPI document, every
 * GET route's query parameters and every path id, fed hostile values as an owner (session
 * with CSRF header): no response ≥ 500, and a refused request (4xx) writes no row.
 */

interface Op { method: string; path: string; op: { parameters?: Array<{ in: string; name: string; schema: JsonSchema }>; requestBody?: { content: Record<string, { schema: JsonSchema }> } } }
interface Failure { route: string; value: string; status: number; body: string }

/** Public routes are fuzzed with a client that has no session (a sign-up must not switch ours). */
const PUBLIC = new Set(['/v1/auth/signup', '/v1/auth/login', '/v1/auth/password-reset/request', '/v1/auth/password-reset/confirm', '/v1/invitations/accept', '/v1/invitations/lookup']);
const SKIP = new Set(['POST /v1/auth/logout']);
/** Tables whose rows may legitimately change on a refused request (throttling counts failures). */
const VOLATILE = new Set(['auth_throttle']);
/** A refused sign-in is itself audited (the audit tables may change on these routes). */
const AUDITED_REFUSALS = new Set(['POST /v1/auth/login']);
/** Rows authentication itself updates (last seen): their updates are not the request's writes. */
const COUNT_ONLY = new Set(['sessions', 'api_keys']);

async function fixtures(env: TestEnv) {
  const owner = await signUp(env.app);
  const c = owner.client;
  const email = `fz-agent-${Math.random().toString(36).slice(2)}@example.com`;
  await c.post('/v1/invitations', { email, role: 'agent' });
  const token = tokenFrom((await lastEmailTo(env.app, email, env.config.operatorToken)).text);
  const agent = (await new Client(env.app).post('/v1/invitations/accept', { token, name: 'Agent', phone: '+14155550111', password: STRONG_PASSWORD })).json().user;
  for (const [label, type] of [['Fuzz text', 'text'], ['Fuzz num', 'number'], ['Fuzz date', 'date'], ['Fuzz flag', 'boolean']]) {
    expect((await c.post('/v1/custom-fields', { label, type })).statusCode).toBe(201);
  }
  const contact = (await c.post('/v1/contacts', { phone: '+1 212 555 0142', firstName: 'Fay', fields: { fuzz_date: '2024-01-01', fuzz_num: 3 } })).json();
  const conditions = [{ type: 'field', key: 'fuzz_date', op: 'gt', value: '2024-01-01' }, { type: 'field', key: 'fuzz_num', op: 'gte', value: 2 }, { type: 'created_at', op: 'after', value: '2024-01-01' }];
  const filter = { match: 'all', conditions };
  const segment = (await c.post('/v1/segments', { name: 'Fuzz seg', filter })).json();
  const number = (await c.post('/v1/numbers', { provider: 'simulator' })).json();
  const sent = (await c.post('/v1/messages', { to: contact.phone, body: 'hello Fay' })).json();
  const key = (await c.post('/v1/api-keys', { name: 'fuzz' })).json();
  const imp = (await postMultipart(c, '/v1/imports', { options: { consent: { basis: 'unknown' } } }, { content: 'phone\n+1 646 555 0123\n' })).json();
  const ids: Record<string, string> = {
    '/v1/members/{id}': agent.id, '/v1/contacts/{id}': contact.id, '/v1/contacts/{id}/consent': contact.id, '/v1/contacts/{id}/consent/export': contact.id,
    '/v1/segments/{id}': segment.id, '/v1/segments/{id}/count': segment.id, '/v1/custom-fields/{id}': (await c.get('/v1/custom-fields')).json().data[0].id,
    '/v1/imports/{id}': imp.id, '/v1/imports/{id}/cancel': imp.id, '/v1/imports/{id}/errors.csv': imp.id, '/v1/numbers/{id}': number.id,
    '/v1/messages/{id}': sent.id, '/v1/conversations/{id}': sent.conversationId, '/v1/conversations/{id}/messages': sent.conversationId,
    '/v1/invitations/{id}': 'inv_x', '/v1/api-keys/{id}': key.id, '/v1/legal/{kind}': 'terms',
  };
  const bodies: Record<string, unknown> = {
    'POST /v1/segments': { name: 'Fuzz', filter }, 'PATCH /v1/segments/{id}': { name: 'Fuzz', filter }, 'POST /v1/segments/count': { filter },
    'POST /v1/contacts': { phone: '+1 212 555 0143', firstName: 'F', email: 'f@example.com', timeZone: 'America/New_York', tags: ['vip'], fields: { fuzz_date: '2024-01-01', fuzz_num: 1 } },
    'PATCH /v1/contacts/{id}': { firstName: 'F', tags: ['vip'], fields: { fuzz_date: '2024-01-01', fuzz_num: 1, fuzz_text: 'x', fuzz_flag: true } },
    'POST /v1/contacts/bulk': { action: 'tag', tags: ['fz'], selection: { ids: [contact.id] } },
    'POST /v1/contacts/export': { ids: [contact.id] },
    'POST /v1/messages': { to: contact.phone, body: 'hi', sendAt: '2031-01-01T10:00:00Z' },
    'POST /v1/simulator/inbound': { from: '+1 415 555 0188', to: number.phoneNumber, body: 'hello' },
    'POST /v1/conversations/{id}/messages': { body: 'hi' },
    'PATCH /v1/conversations/{id}': { status: 'open' },
    'PATCH /v1/members/{id}': { role: 'agent' },
    'POST /v1/account/transfer-ownership': { userId: 'usr_x' },
  };
  return { owner, ids, bodies };
}

/**
 * A log of committed row writes: a row trigger on every public table (installed in this test's own
 * database) appends the table, the operation and the row's account to an unlogged side table in the
 * same transaction — so a write that rolled back leaves nothing, and a refused request whose
 * committed writes did not cancel out is caught, whatever the row. Authentication itself updates the caller's
 * session or key (`last seen`), and refused sign-ins count in auth_throttle: those are left out.
 *
 * On PGlite (one in-process connection) the trigger also sends each log row as a notification,
 * which PGlite hands to our listener with the result of the statement that committed it: the
 * log of a request is complete when its response is, and is read without a query per request
 * (~1 ms of CPU each, a quarter of the PGlite leg). `complete()` checks at the end that every
 * logged row came through the listener (no notification lost). PostgreSQL delivers notifications
 * asynchronously, so there the log table is read after each request.
 */
async function writeLog(env: TestEnv) {
  const q = env.ctx.database.query;
  const tables = (await q<{ t: string }>(
    `select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not like '\\_\\_%' order by 1`,
  )).rows.map((r) => r.t).filter((t) => !VOLATILE.has(t));
  await q(`create unlogged table fuzz_row_log (seq bigserial primary key, tbl text not null, op text not null, row_text text)`);
  // The row itself (its start), to say what a refused request wrote.
  // The notification's payload names its row (seq): identical payloads in one transaction would be merged.
  await q(`create function fuzz_log_write() returns trigger language plpgsql as $$ declare r fuzz_row_log; begin
    insert into fuzz_row_log (tbl, op, row_text) values (tg_table_name, tg_op, left(case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end::text, 160)) returning * into r;
    perform pg_notify('fuzz_row_log', to_jsonb(r)::text); return null; end $$`);
  for (const t of tables) await q(`create trigger zz_fuzz_row_log after insert or update or delete on "${t}" for each row execute function fuzz_log_write()`);
  type LogRow = { seq: string; tbl: string; op: string; row_text: string };
  const heard: LogRow[] = [];
  let heardCount = 0;
  const pglite = env.kind === 'pglite' ? (env.ctx.db as unknown as { $client: PGlite }).$client : null;
  if (pglite) await pglite.listen('fuzz_row_log', (payload) => { heard.push(JSON.parse(payload) as LogRow); heardCount += 1; });
  let last = 0;
  /** The tables written (and committed) since the last call, besides authentication's own bookkeeping. */
  const written = async (): Promise<string[]> => {
    const rows = pglite
      ? heard.splice(0)
      : (await q<LogRow>(`select seq::text, tbl, op, row_text from fuzz_row_log where seq > $1 order by fuzz_row_log.seq`, [last])).rows;
    // By number: `seq` in the select list is text, and "100" sorts before "99".
    for (const r of rows) last = Math.max(last, Number(r.seq));
    // Per table: rows added and removed must cancel out (an upload stored, then dropped when the
    // request is refused, leaves nothing), and no row that existed before may be updated.
    const per = new Map<string, { INSERT: number; DELETE: number; UPDATE: number; row: string }>();
    for (const r of rows) {
      if (COUNT_ONLY.has(r.tbl) && r.op === 'UPDATE') continue;
      const c = per.get(r.tbl) ?? { INSERT: 0, DELETE: 0, UPDATE: 0, row: r.row_text };
      c[r.op as 'INSERT' | 'DELETE' | 'UPDATE'] += 1;
      per.set(r.tbl, c);
    }
    return [...per].filter(([, c]) => c.INSERT !== c.DELETE || (c.UPDATE > 0 && c.INSERT === 0)).map(([t, c]) => `${t} (+${c.INSERT} −${c.DELETE} ~${c.UPDATE}; ${c.row})`);
  };
  /** Every row the log table holds came through the listener too (PGlite), in order: no write went unseen. */
  const complete = async () => {
    if (!pglite) return;
    const { rows: [{ n, max }] } = await q<{ n: number; max: string | null }>(`select count(*)::int as n, max(seq)::text as max from fuzz_row_log`);
    expect({ heard: heardCount, last }).toEqual({ heard: n, last: Number(max ?? 0) });
  };
  return { written, complete };
}

/**
 * The walk's requests (by position, route and value) that PGlite answered 4xx without one database
 * statement: refused before the database was asked anything (input guard, schema validation,
 * malformed JSON, size and media-type checks — authentication comes after validation). The same
 * request on PostgreSQL runs the same code up to the same answer, so the PostgreSQL leg sends every
 * request but these: each one that reached the database on PGlite, and all of them when the PGlite leg
 * did not finish its walk (run alone, or it threw). About two thirds of the walk never reaches it.
 */
let decidedWithoutDatabase: Set<string> | null = null;

/** Counts the statements a PGlite instance runs (every query, transaction or not, goes through its protocol calls). */
function countStatements(pglite: PGlite): () => number {
  let n = 0;
  const p = pglite as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ['execProtocol', 'execProtocolStream', 'execProtocolRaw']) {
    const original = p[m].bind(pglite);
    p[m] = (...a: unknown[]) => {
      n += 1;
      return original(...a);
    };
  }
  return () => n;
}

describeEachDb('fuzz: hostile input never gives 5xx, and a refused request writes nothing', (use) => {
  it('walks every route of the OpenAPI document', { timeout: 240_000 }, async () => {
    const env = use();
    const { owner, ids, bodies } = await fixtures(env);
    const { written, complete } = await writeLog(env);
    const pglite = env.kind === 'pglite' ? (env.ctx.db as unknown as { $client: PGlite }).$client : null;
    const statements = pglite ? countStatements(pglite) : null;
    const noDatabase = new Set<string>();
    const skip = env.kind === 'postgres' ? decidedWithoutDatabase : null;
    let walked = 0;
    let skipped = 0;
    const doc = (await env.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as { paths: Record<string, Record<string, Op['op']>> };
    const rand = prng(7);
    const failures: Failure[] = [];
    await written(); // the fixtures' own writes
    let sent = 0;

    async function send(route: string, value: string, method: string, url: string, payload?: string | Buffer, headers: Record<string, string> = {}) {
      const key = `${walked} ${route} ${value}`;
      walked += 1;
      if (skip?.has(key)) return void (skipped += 1);
      const before = statements?.();
      const client = PUBLIC.has(url.split('?')[0]) ? new Client(env.app) : owner.client;
      const h = payload === undefined || headers['content-type'] ? headers : { 'content-type': 'application/json', ...headers };
      let status: number;
      let body: string;
      try {
        const res = await client.request(method, url, payload, h);
        ({ statusCode: status, body } = res);
      } catch (err) {
        status = 599;
        body = `inject threw: ${(err as Error).message}`;
      }
      sent += 1;
      if (statements && status >= 400 && status < 500 && statements() === before) noDatabase.add(key);
      if (status >= 500) failures.push({ route, value, status, body: body.slice(0, 300) });
      const changed = (await written()).filter((t) => !(AUDITED_REFUSALS.has(route) && t.includes('audit')));
      if (status >= 400 && status < 500 && changed.length) failures.push({ route, value, status, body: `refused (${body.slice(0, 120)}) but wrote to ${changed.join(', ')}` });
    }

    const ops: Op[] = Object.entries(doc.paths).flatMap(([path, o]) => Object.entries(o).map(([m, op]) => ({ method: m.toUpperCase(), path, op })));
    for (const { method, path, op } of ops) {
      const route = `${method} ${path}`;
      if (SKIP.has(route)) continue;
      const url = path.replace(/\{(\w+)\}/g, () => ids[path] ?? 'x_1');
      // Path ids.
      if (path.includes('{')) for (const v of BAD_URL_VALUES) await send(route, `path=${v}`, method, path.replace(/\{(\w+)\}/g, v), method === 'GET' || method === 'DELETE' ? undefined : '{}');
      if (method === 'DELETE') continue;
      // Query parameters.
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      for (const p of query) {
        // Each value once: a cursor's hostile values repeat some of BAD_URL_VALUES, and 'a%00b' is one of them (~215 identical requests a run).
        const values = [...new Set([...BAD_URL_VALUES, ...(p.name === 'cursor' ? badCursors(rand) : []), encodeURIComponent('a\u0000b'), '5e-324', 'NaN', '']
          .concat(p.schema.enum ? [] : ['%5B%5D']))];
        for (const v of values) await send(route, `?${p.name}=${v}`, method, `${url}?${p.name}=${v}`);
        await send(route, `?${p.name} twice`, method, `${url}?${p.name}=a&${p.name}=b`);
      }
      // Bodies.
      const schema = op.requestBody?.content['application/json']?.schema;
      if (!schema || !['POST', 'PATCH', 'PUT'].includes(method)) continue;
      const base = bodies[route] ?? sample(schema);
      for (const m of mutations(schema, base)) await send(route, m.label, method, url, JSON.stringify(m.body));
    }

    // Multipart uploads: NUL in the file name, in the CSV and in the JSON fields.
    const csv = 'phone,first_name\n+1 415 555 0199,Ma\u0000ry\n+1 415 555 0198,\ud800\n';
    const okOptions = JSON.stringify({ consent: { basis: 'unknown' } });
    const uploads: Array<[string, Record<string, string>, string, string]> = [
      ['filename NUL', {}, 'a\u0000b.csv', 'phone\n+1 415 555 0199\n'],
      ['filename surrogate', {}, '\ud800.csv', 'phone\n+1 415 555 0199\n'],
      ['csv NUL', {}, 'c.csv', csv],
      ['options NUL', { options: '{"consent":{"basis":"unknown","description":"a\\u0000b"},"tags":["\\ud800"]}' }, 'c.csv', 'phone\n+1 415 555 0199\n'],
      ['mapping NUL', { options: okOptions, mapping: '{"columns":{"phone\\u0000":"phone"},"defaultCountry":"\\u0000"}' }, 'c.csv', 'phone\n'],
      ['options deep', { options: JSON.stringify([[[[[[[[[]]]]]]]]]) }, 'c.csv', 'phone\n'],
    ];
    for (const url of ['/v1/imports/preview', '/v1/imports']) {
      for (const [label, fields, filename, content] of uploads) {
        const { payload, contentType } = multipartRaw({ options: okOptions, ...fields }, filename, content);
        await send(`POST ${url} (multipart)`, label, 'POST', url, payload, { 'content-type': contentType });
      }
    }
    const importBase = { uploadId: 'upl_01900000000070008000000000', mapping: { columns: { phone: 'phone' } }, options: { consent: { basis: 'unknown' }, tags: ['a'] } };
    for (const m of mutations({}, importBase) as Mutation[]) await send('POST /v1/imports (json)', m.label, 'POST', '/v1/imports', JSON.stringify(m.body));
    // Header values the API stores or echoes.
    for (const v of ['a\u0000b', '\u00ff\u00fe', 'x'.repeat(300)]) {
      await send('POST /v1/messages (header)', `idempotency-key=${describe(v)}`, 'POST', '/v1/messages', JSON.stringify(bodies['POST /v1/messages']), { 'idempotency-key': v });
      await send('POST /v1/contacts (header)', `user-agent=${describe(v)}`, 'POST', '/v1/contacts', JSON.stringify({ phone: '+1 212 555 0199' }), { 'user-agent': v });
    }

    if (pglite) decidedWithoutDatabase = noDatabase;
    const report = failures.map((f) => `${f.status} ${f.route} ${f.value}: ${f.body}`).join('\n');
    expect(walked).toBeGreaterThan(2000);
    // Every request of the walk was sent here, but (on PostgreSQL) those PGlite answered without the database.
    expect({ sent, skipped }).toEqual({ sent: walked - (skip?.size ?? 0), skipped: skip?.size ?? 0 });
    console.log(`fuzz [${env.kind}]: ${sent} of ${walked} requests sent${pglite ? `, ${noDatabase.size} refused before any statement` : ''}`);
    expect(failures.length, `${failures.length} of ${sent} requests failed:\n${report}`).toBe(0);
    await complete();
  });
}, {}, { simulator: true }); // the simulator in its own process delivers simulated texts to the app's loopback port

/** A multipart body built by hand, so the file name and the fields keep every byte we put in. */
function multipartRaw(fields: Record<string, string>, filename: string, content: string) {
  const b = 'fuzzboundary7MA4YWxkTrZu0gW';
  const parts = Object.entries(fields).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${b}--\r\n`);
  return { payload: Buffer.from(parts.join(''), 'utf8'), contentType: `multipart/form-data; boundary=${b}` };
}
