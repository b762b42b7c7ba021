import type { Ctx } from '../../context.js';
import { DeliveryPool } from './delivery.service.js';
import { fanOutOnce } from './fanout.service.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The webhook worker (worker role): two loops. The fan-out loop turns outbox events into
 * deliveries; the delivery loop sends them through a bounded pool. The fan-out never waits on a
 * receiver, and the pool keeps claiming for other endpoints while a slow one holds its slots.
 */
export function startWebhookWorker(ctx: Ctx, log: { error: (o: object, m: string) => void }) {
  let running = true;
  const fanOut = (async () => {
    let idle = 50;
    while (running) {
      try {
        const n = await fanOutOnce(ctx);
        idle = n > 0 ? 0 : Math.min(500, idle * 2 || 50);
      } catch (err) {
        log.error({ err }, 'webhook fan-out failed');
        idle = 1000;
      }
      await sleep(idle || 1);
    }
  })();
  const pool = new DeliveryPool(ctx, (err) => log.error({ err }, 'webhook delivery failed'));
  const deliver = (async () => {
    let idle = 50;
    while (running) {
      try {
        const n = await pool.tick();
        idle = n > 0 ? 0 : Math.min(500, idle * 2 || 50);
      } catch (err) {
        log.error({ err }, 'webhook delivery claim failed');
        idle = 1000;
      }
      if (pool.inFlight) await Promise.race([pool.nextCompletion(), sleep(idle || 5)]);
      else await sleep(idle || 1);
    }
    await pool.drain();
  })();
  return { stop: async () => { running = false; await Promise.all([fanOut, deliver]); } };
}
