import type { FastifyReply, FastifyRequest } from 'fastify';

/** One open server-sent-events response. */
export interface EventSink {
  /** False once the client went away or the server ended the stream. */
  readonly open: boolean;
  send(id: number | string, event: string, data: unknown): void;
  end(): void;
}

/**
 * Turns a request into a server-sent-events response (the reply is hijacked: nothing else may
 * answer it). `live` holds the `end` of every open stream, so a closing server can end them:
 * a stream never finishes by itself.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, live: Set<() => void>): EventSink {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  reply.raw.write(': connected\n\n');
  let open = true;
  const end = () => {
    open = false;
    reply.raw.end();
  };
  live.add(end);
  request.raw.on('close', () => {
    open = false;
    live.delete(end);
  });
  return {
    get open() {
      return open;
    },
    send: (id, event, data) => void reply.raw.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    end,
  };
}
