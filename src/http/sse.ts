import type { FastifyReply, FastifyRequest } from 'fastify';

/** One open server-sent-events response. */
export interface EventSink {
  /** False once the client went away or the server ended the stream. */
  readonly open: boolean;
  send(id: number | string, event: string, data: unknown): void;
  end(): void;
}

/** How often an open stream asks whether its caller would still be let in (request.reauthorize). */
export const STREAM_REAUTHORIZE_MS = 1000;

/**
 * Turns a request into a server-sent-events response (the reply is hijacked: nothing else may
 * answer it). `live` holds the `end` of every open stream, so a closing server can end them.
 * A stream never finishes by itself while its caller may still see it: about every second it
 * re-runs the caller's authentication and the route's rule (`request.reauthorize`), and ends as
 * soon as the answer is no — a signed-out or revoked session, a removed member or lowered role, a
 * partner whose grant was revoked, expired or is outside its hours.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, live: Set<() => void>): EventSink {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  reply.raw.write(': connected\n\n');
  let open = true;
  let recheck: NodeJS.Timeout | null = null;
  const end = () => {
    open = false;
    if (recheck) clearInterval(recheck);
    reply.raw.end();
  };
  live.add(end);
  request.raw.on('close', () => {
    open = false;
    if (recheck) clearInterval(recheck);
    live.delete(end);
  });
  const reauthorize = request.reauthorize;
  if (reauthorize) {
    let asking = false;
    recheck = setInterval(() => {
      if (asking || !open) return;
      asking = true;
      reauthorize(request).then((now) => { if (!now && open) end(); }, () => { if (open) end(); }).finally(() => { asking = false; });
    }, STREAM_REAUTHORIZE_MS);
    recheck.unref();
  }
  return {
    get open() {
      return open;
    },
    send: (id, event, data) => void reply.raw.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    end,
  };
}
