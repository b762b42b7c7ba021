import { toPublicId } from '../../lib/ids.js';
import type { Agent } from './agents.service.js';
import type { TeamView } from './teams.service.js';

export const presentTeam = (t: TeamView) => ({
  id: toPublicId('team', t.id),
  name: t.name,
  autoAssign: t.autoAssign,
  members: t.members.map((m) => ({ id: toPublicId('user', m.id), name: m.name })),
  createdAt: t.createdAt.toISOString(),
});

export const presentAgent = (a: Agent) => ({
  userId: toPublicId('user', a.userId),
  name: a.name,
  email: a.email,
  role: a.role,
  availability: a.availability,
  capacity: a.capacity,
  openCount: a.openCount,
  lastAssignedAt: a.lastAssignedAt?.toISOString() ?? null,
});
