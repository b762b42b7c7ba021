import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/** Serves the built web app; unknown non-API paths get index.html (client-side routing). */
export async function registerWeb(app: FastifyInstance, distDir = WEB_DIST) {
  if (!existsSync(join(distDir, 'index.html'))) {
    app.log.warn({ distDir }, 'web app not built: run `npm run build:web` (npm start does it for you)');
    return false;
  }
  await app.register(fastifyStatic, { root: distDir, wildcard: false, index: ['index.html'] });
  app.get('/*', { config: {} }, (request, reply) => {
    const notFound = () => reply.status(404).send({ error: { code: 'route_not_found', message: `No route GET ${request.url}.`, details: {} }, requestId: request.id });
    if (request.url.startsWith('/v1/')) return notFound();
    if (request.url.includes('.')) {
      // The files above are routed as they were at start: a rebuild under this running server
      // (npm run build, a second npm start from the checkout) brings scripts of new names, which
      // index.html names at once. Served as they are now (send refuses paths leaving the folder).
      let file: string;
      try {
        file = decodeURIComponent(request.url.split('?')[0]).slice(1);
      } catch {
        return notFound(); // malformed escapes
      }
      if (file.includes('\0') || file.split('/').includes('..') || !existsSync(join(distDir, file))) return notFound();
      return reply.sendFile(file);
    }
    return reply.sendFile('index.html');
  });
  return true;
}
