// Receipts that outrun their batch's recording (recording-barrier.ts): how long they wait for the turns in flight
// on their connection before they are applied anyway. Controlled clock, no database.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ctx } from '../src/context.js';
import { afterRecording, RECEIPT_WAIT_MAX_MS, RECEIPT_WAIT_PROGRESS_MAX_MS, recordingTurn, watchAnswers } from '../src/modules/messaging/recording-barrier.js';

describe('receipts wait for the recordings in flight on their connection', () => {
  let ctx: Ctx;
  let applied: string[];
  const receipt = (connectionId: string, id: string) => afterRecording(ctx, connectionId, [id], async (items) => { applied.push(...items); return items.length; });

  beforeEach(() => {
    vi.useFakeTimers();
    ctx = {} as Ctx;
    applied = [];
  });
  afterEach(() => vi.useRealTimers());

  it('a turn still submitting on a connection that reports no answers: applied after RECEIPT_WAIT_MAX_MS (the carrier may hold its answers for them)', async () => {
    const turn = recordingTurn(ctx, 'c1');
    void receipt('c1', 'r1');
    await vi.advanceTimersByTimeAsync(RECEIPT_WAIT_MAX_MS - 20);
    expect(applied).toEqual([]);
    await vi.advanceTimersByTimeAsync(40);
    expect(applied).toEqual(['r1']);
    turn.end();
  });

  it('a turn whose carrier calls are over (only recording) is waited for past RECEIPT_WAIT_MAX_MS, until it ends', async () => {
    const turn = recordingTurn(ctx, 'c1');
    void receipt('c1', 'r1');
    turn.submitted();
    await vi.advanceTimersByTimeAsync(RECEIPT_WAIT_MAX_MS * 5);
    expect(applied).toEqual([]);
    turn.end();
    await vi.advanceTimersByTimeAsync(1);
    expect(applied).toEqual(['r1']);
  });

  it('while the carrier keeps answering submissions the receipts wait; RECEIPT_WAIT_MAX_MS after its last answer they are applied', async () => {
    let last = Date.now();
    watchAnswers(ctx, 'c2', () => last);
    const turn = recordingTurn(ctx, 'c2');
    void receipt('c2', 'r2');
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(RECEIPT_WAIT_MAX_MS / 2);
      last = Date.now();
    }
    expect(applied).toEqual([]);
    await vi.advanceTimersByTimeAsync(RECEIPT_WAIT_MAX_MS - 20);
    expect(applied).toEqual([]);
    await vi.advanceTimersByTimeAsync(40);
    expect(applied).toEqual(['r2']);
    turn.end();
  });

  it('receipts whose submissions the carrier had answered wait for a turn still submitting without answers; with one that was not, the bound holds', async () => {
    const turn = recordingTurn(ctx, 'c6');
    void afterRecording(ctx, 'c6', ['answered'], async (items) => { applied.push(...items); return items.length; }, { holdable: true });
    await vi.advanceTimersByTimeAsync(RECEIPT_WAIT_MAX_MS * 5);
    expect(applied).toEqual([]);
    turn.end();
    await vi.advanceTimersByTimeAsync(1);
    expect(applied).toEqual(['answered']);

    const next = recordingTurn(ctx, 'c6');
    void afterRecording(ctx, 'c6', ['answered2'], async (items) => { applied.push(...items); return items.length; }, { holdable: true });
    void receipt('c6', 'early'); // came before its submission's answer: the SMSC may be holding that answer for it
    await vi.advanceTimersByTimeAsync(RECEIPT_WAIT_MAX_MS + 20);
    expect(applied).toEqual(['answered', 'answered2', 'early']);
    next.end();
  });

  it('never longer than RECEIPT_WAIT_PROGRESS_MAX_MS in all, and only for the turns of their own connection', async () => {
    const stuck = recordingTurn(ctx, 'c3');
    stuck.submitted();
    const other = recordingTurn(ctx, 'c4');
    void receipt('c3', 'r3');
    void receipt('c5', 'r5'); // nothing in flight on c5: at once
    await vi.advanceTimersByTimeAsync(1);
    expect(applied).toEqual(['r5']);
    await vi.advanceTimersByTimeAsync(RECEIPT_WAIT_PROGRESS_MAX_MS - 300);
    expect(applied).toEqual(['r5']);
    await vi.advanceTimersByTimeAsync(400);
    expect(applied).toEqual(['r5', 'r3']);
    stuck.end();
    other.end();
  });
});
