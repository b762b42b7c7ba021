import type { Ctx } from '../../context.js';
import { secretBox, type SecretBox } from '../../lib/secret-box.js';
import type { EndpointRow } from './webhooks.repo.js';

/** Endpoint secrets are sealed at rest (DESIGN: secrets encrypted with a key from config), bound to the endpoint's row. */
const boxes = new Map<string, SecretBox>();
function box(ctx: Ctx): SecretBox {
  let b = boxes.get(ctx.config.secretKey);
  if (!b) boxes.set(ctx.config.secretKey, (b = secretBox(ctx.config.secretKey, 'webhooks.secret')));
  return b;
}

export const sealSecret = (ctx: Ctx, endpointId: string, secret: string) => box(ctx).encrypt(secret, endpointId);
export const openSecret = (ctx: Ctx, e: Pick<EndpointRow, 'id' | 'secret'>) => box(ctx).decrypt(e.secret, e.id);

/** The secrets to sign with now: the current one, and the previous one while its overlap lasts. */
export function signingSecrets(ctx: Ctx, e: Pick<EndpointRow, 'id' | 'secret' | 'previousSecret' | 'previousSecretUntil'>, now: Date): string[] {
  const list = [openSecret(ctx, e)];
  if (e.previousSecret && e.previousSecretUntil && e.previousSecretUntil > now) list.push(box(ctx).decrypt(e.previousSecret, e.id));
  return list;
}
