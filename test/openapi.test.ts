import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../src/openapi-document.js';
// @ts-expect-error plain ESM script without type declarations
import { API_TYPES_FILE, generateApiTypes } from '../scripts/gen-api-types.mjs';

type Operation = { operationId?: string; summary?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

describe('OpenAPI document', () => {
  it('describes every operation: operationId, summary, security and a 2xx response with a body schema or media type', async () => {
    const doc = (await buildOpenApiDocument()) as { paths: Record<string, Record<string, Operation>> };
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })));
    expect(ops.length).toBeGreaterThan(60);
    for (const { path, method, op } of ops) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.operationId, where).toBeTruthy();
      expect(op.summary, where).toBeTruthy();
      expect(Array.isArray(op.security), where).toBe(true);
      const ok = Object.entries(op.responses).filter(([code]) => /^2/.test(code));
      expect(ok.length, `${where} has a 2xx response`).toBeGreaterThan(0);
      for (const [code, r] of ok) if (code !== '204') expect(Object.values(r.content ?? {}).some((c) => c.schema), `${where} ${code}`).toBe(true);
      if (path.startsWith('/v1/')) expect(op.responses['4XX'], `${where} documents the error shape`).toBeTruthy();
    }
  });

  it('lints with 0 errors (npx @redocly/cli lint)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wm-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(await buildOpenApiDocument()));
    const r = spawnSync('npx', ['redocly', 'lint', file, '--format=json'], { encoding: 'utf8', timeout: 60_000 });
    const report = JSON.parse(r.stdout) as { totals: { errors: number }; problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }> };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 90_000);

  it('the committed web API types match the document (npm run gen:api-types)', async () => {
    const fresh: string = await generateApiTypes();
    expect(readFileSync(API_TYPES_FILE, 'utf8') === fresh, 'web/src/api-types.gen.ts drifted from the server: run npm run gen:api-types').toBe(true);
  }, 60_000);
});
