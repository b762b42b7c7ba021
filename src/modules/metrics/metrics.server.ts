import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ctx } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { metricsScraper } from './metrics.service.js';

/**
 * A ROLE=worker process's own GET /metrics (it has no API server): HOST:METRICS_PORT, the same
 * METRICS_TOKEN, this process's counters only (dispatch, carrier errors, job failures). Prometheus
 * scrapes it as one more target, as it scrapes each API process (README "Platform metrics").
 */
export async function startMetricsServer(ctx: Ctx, listen: { port: number; host: string }): Promise<{ url: string; close: () => Promise<void> }> {
  const scraper = metricsScraper(ctx, { databaseGauges: false });
  const server: Server = createServer((req, res) => {
    const fail = (status: number, code: string, message: string) =>
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify({ error: { code, message, details: {} } }));
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return fail(404, 'not_found', `Route ${req.method} ${path} not found.`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method_not_allowed', 'Use GET /metrics.');
    try {
      scraper.authorize(req.headers.authorization);
    } catch (err) {
      if (err instanceof AppError) return fail(err.status, err.code, err.message);
      throw err;
    }
    scraper.scrape().then(
      (text) => res.writeHead(200, { 'content-type': scraper.contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      () => fail(500, 'internal_error', 'Something went wrong on our side.'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
