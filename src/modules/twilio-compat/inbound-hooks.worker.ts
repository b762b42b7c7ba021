import type { Ctx } from '../../context.js';
import { fanOutInbound, InboundPool } from './inbound-hooks.service.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The Twilio-compatible inbound webhook worker (worker role): the fan-out loop turns received
 * texts into deliveries; the delivery loop posts them through a bounded pool, claiming more as
 * slots free up. Both back off while idle (50 ms doubling to 500 ms) and after errors (1 s).
 */
export function startTwilioInboundWorker(ctx: Ctx, log: { error: (o: object, m: string) => void }) {
  let running = true;
  const loop = async (step: () => Promise<number>, what: string, wait?: () => Promise<void> | null) => {
    let idle = 50;
    while (running) {
      try {
        const n = await step();
        idle = n > 0 ? 0 : Math.min(500, idle * 2 || 50);
      } catch (err) {
        log.error({ err }, `twilio inbound ${what} failed`);
        idle = 1000;
      }
      const w = wait?.();
      await (w ? Promise.race([w, sleep(idle || 5)]) : sleep(idle || 1));
    }
  };
  const fanOut = loop(() => fanOutInbound(ctx), 'fan-out');
  const pool = new InboundPool(ctx, (err) => log.error({ err }, 'twilio inbound delivery failed'));
  const deliver = loop(() => pool.tick(), 'delivery claim', () => (pool.inFlight ? pool.nextCompletion() : null)).then(() => pool.drain());
  return { stop: async () => { running = false; await Promise.all([fanOut, deliver]); } };
}
