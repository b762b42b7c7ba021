import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** Streams a generated CSV or JSON download page by page, so memory stays flat whatever its size. */
export function sendStream(reply: FastifyReply, format: 'csv' | 'json', name: string, body: AsyncGenerator<string>) {
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .send(Readable.from(body));
}
