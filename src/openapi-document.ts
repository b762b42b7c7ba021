import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import type { Ctx } from './context.js';
import { openApiDocumentOf } from './http/openapi.js';

/** Any use of the database or the job queue while building the document is a bug: say so. */
function unavailable(name: string): never {
  return new Proxy({}, {
    get(_t, prop) {
      if (prop === 'then') return undefined; // not a thenable
      throw new Error(`The OpenAPI document is built without ${name} (tried to use .${String(prop)}).`);
    },
  }) as never;
}

/**
 * The OpenAPI document of the HTTP API, built from the route schemas alone: the app is
 * assembled without a database, a job queue or a carrier, and never listens.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({
    DATA_DIR: join(tmpdir(), 'wm-openapi-unused'),
    SECRET_KEY: 'openapi-document-only-0123456789-abcdefgh',
    OPERATOR_TOKEN: 'openapi-document-only-token',
    LOG_LEVEL: 'silent',
  });
  const ctx: Ctx = {
    config,
    database: unavailable('a database'),
    db: unavailable('a database'),
    jobs: unavailable('a job queue'),
    carriers: unavailable('carrier kinds'),
    now: () => new Date(),
  };
  const app = await buildApp(ctx, { logger: false });
  try {
    await app.ready();
    return openApiDocumentOf(app);
  } finally {
    await app.close();
  }
}
