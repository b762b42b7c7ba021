/**
 * Failover rules for a connection's fallback (pure): the fallback is another live connection of
 * the same account, never the connection itself, and following fallbacks never comes back to
 * where it started (no cycles), so a message is never bounced around.
 */
export type FallbackProblem = 'fallback_not_found' | 'fallback_is_self' | 'fallback_cycle';

export interface FallbackEdge { id: string; fallbackConnectionId: string | null }

/**
 * Whether `id` may name `fallbackId` given the account's connections (`graph`, live ones only).
 * `id` may be new (not in the graph yet). Null: fine.
 */
export function fallbackProblem(graph: FallbackEdge[], id: string, fallbackId: string | null): FallbackProblem | null {
  if (fallbackId === null) return null;
  if (fallbackId === id) return 'fallback_is_self';
  const next = new Map(graph.map((e) => [e.id, e.id === id ? fallbackId : e.fallbackConnectionId]));
  if (!next.has(fallbackId)) return 'fallback_not_found';
  const seen = new Set<string>([id]);
  for (let at: string | null | undefined = fallbackId; at; at = next.get(at)) {
    if (seen.has(at)) return 'fallback_cycle';
    seen.add(at);
  }
  return null;
}

/** The fallbacks to try after `id`, in order (at most `max` hops; stops at a repeat). */
export function fallbackChain(graph: FallbackEdge[], id: string, max = 3): string[] {
  const next = new Map(graph.map((e) => [e.id, e.fallbackConnectionId]));
  const out: string[] = [];
  for (let at = next.get(id) ?? null; at && out.length < max && at !== id && !out.includes(at); at = next.get(at) ?? null) out.push(at);
  return out;
}
