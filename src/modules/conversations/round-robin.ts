/**
 * Round-robin assignment rules (pure): which agent gets the next conversation.
 *
 * An agent is eligible when they are online, under their capacity (the most open conversations
 * automatic assignment gives them; null: no limit) and not excluded (a reassignment never goes
 * back to the agent who did not answer while another can take it). Among the eligible, the
 * least recently assigned goes first (never assigned: first of all), then the one with fewer
 * open conversations, then by id so that the choice is deterministic.
 */
export type Availability = 'online' | 'away' | 'offline';
export const AVAILABILITIES: readonly Availability[] = ['online', 'away', 'offline'];

export interface Candidate {
  userId: string;
  availability: Availability;
  /** null: no limit. */
  capacity: number | null;
  /** Open conversations assigned to them now. */
  openCount: number;
  lastAssignedAt: Date | null;
}

export const isEligible = (c: Candidate) => c.availability === 'online' && (c.capacity === null || c.openCount < c.capacity);

function fairer(a: Candidate, b: Candidate): number {
  const at = a.lastAssignedAt?.getTime() ?? -Infinity;
  const bt = b.lastAssignedAt?.getTime() ?? -Infinity;
  if (at !== bt) return at < bt ? -1 : 1;
  if (a.openCount !== b.openCount) return a.openCount - b.openCount;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/** The agent who gets the next conversation, or null when nobody can take it. */
export function chooseAgent(candidates: readonly Candidate[], exclude: string | null = null): string | null {
  const eligible = candidates.filter((c) => isEligible(c) && c.userId !== exclude);
  if (eligible.length === 0) return null;
  return [...eligible].sort(fairer)[0].userId;
}
