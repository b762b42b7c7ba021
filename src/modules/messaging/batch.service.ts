import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError } from '../../lib/errors.js';
import type { MessageRow } from './messages.repo.js';
import { sendMessage, type SendInput } from './send.service.js';

/** Recipients one batch request may carry (POST /v1/messages/batch). */
export const MAX_BATCH = 1000;

export type BatchItem = Omit<SendInput, 'idempotencyKey' | 'kind' | 'conversationId'>;

export type BatchResult =
  | { index: number; status: 'queued' | 'scheduled'; message: MessageRow }
  | { index: number; status: 'refused'; error: { code: string; message: string; details: Record<string, unknown> } };

/**
 * The idempotency key of one recipient of a batch sent with `Idempotency-Key: <key>`: a retried batch
 * finds each recipient's first message (and a changed recipient is refused with idempotency_key_reused).
 */
export const batchItemKey = (key: string, index: number) => `batch:${key}#${index}`;

/** Recipients in flight at once: enough to overlap round trips, few enough to leave the pool to other requests (PGlite has one connection). */
const concurrencyOf = (ctx: Ctx) => (ctx.database.kind === 'pglite' ? 1 : Math.max(1, Math.min(4, Math.floor(ctx.config.databasePoolSize / 2))));

/**
 * Sends each recipient through the one send path (sendMessage: the same checks, consent, quiet
 * hours, sender identification, idempotency — and its one-statement fast path for plain texts), a
 * few at once, answers in the order of the request. Each recipient commits on its own, so a refused
 * recipient never stops the others and an accepted one is never undone by a later one's failure.
 */
export async function sendBatch(ctx: Ctx, auth: AuthContext, items: BatchItem[], idempotencyKey?: string, logError?: (err: unknown) => void): Promise<BatchResult[]> {
  const results = new Array<BatchResult>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await sendOne(ctx, auth, items[i], i, idempotencyKey, logError);
  };
  await Promise.all(Array.from({ length: Math.min(items.length, concurrencyOf(ctx)) }, worker));
  return results;
}

const internalError = (index: number): BatchResult => ({
  index, status: 'refused', error: { code: 'internal_error', message: 'Something went wrong on our side; retry this recipient (with the same Idempotency-Key the others are not sent again).', details: {} },
});

async function sendOne(ctx: Ctx, auth: AuthContext, item: BatchItem, index: number, key: string | undefined, logError?: (err: unknown) => void): Promise<BatchResult> {
  try {
    const message = await sendMessage(ctx, auth, { ...item, ...(key ? { idempotencyKey: batchItemKey(key, index) } : {}) });
    return { index, status: message.status === 'scheduled' ? 'scheduled' : 'queued', message };
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return { index, status: 'refused', error: { code: err.code, message: err.message, details: err.details } };
    logError?.(err);
    // One recipient's failure on our side is that recipient's answer: the others stand.
    return internalError(index);
  }
}
