import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { registerWeb } from '../src/http/web.js';

function build(dir: string, hash: string) {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), `<!doctype html><script type="module" src="/assets/index-${hash}.js"></script>`);
  writeFileSync(join(dir, 'assets', `index-${hash}.js`), `console.log("${hash}")`);
}

/**
 * The web app's files were routed one by one as they were when the server started: after a rebuild
 * under a running server (`npm run build`, or a second `npm start` from the same checkout, before
 * the restart) index.html named scripts of new hashes, and the server answered them 404 — a blank
 * app until it was restarted. Files of web/dist are served as they are at the request.
 */
it('serves the web app as web/dist holds it now, not as it was at start', async () => {
  const web = mkdtempSync(join(tmpdir(), 'wm-web-'));
  const dist = join(web, 'dist');
  build(dist, 'old111');
  const app = Fastify();
  await registerWeb(app, dist);
  await app.ready();
  try {
    expect((await app.inject('/assets/index-old111.js')).statusCode).toBe(200);
    // A rebuild swaps in a new web/dist (scripts/start.mjs swapBuild).
    build(join(web, 'next'), 'new222');
    renameSync(dist, join(web, 'old'));
    renameSync(join(web, 'next'), dist);
    rmSync(join(web, 'old'), { recursive: true });
    const page = await app.inject('/inbox');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/assets/index-new222.js');
    const script = await app.inject('/assets/index-new222.js');
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe('console.log("new222")');
    expect(String(script.headers['content-type'])).toMatch(/javascript/);
    expect((await app.inject('/assets/index-old111.js')).statusCode).toBe(404); // gone with the old build
    expect((await app.inject('/assets/none.js')).statusCode).toBe(404);
    expect((await app.inject('/assets/..%2f..%2fetc%2fpasswd')).statusCode).not.toBe(200);
    expect((await app.inject('/assets/%E0%A4%A.js')).statusCode).toBeGreaterThanOrEqual(400); // malformed: Fastify's 400
    expect((await app.inject('/v1/nothing.json')).statusCode).toBe(404);
  } finally {
    await app.close();
  }
});
