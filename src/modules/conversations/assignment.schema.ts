import { z } from 'zod';

const AVAILABILITY = ['online', 'away', 'offline'] as const;
const publicId = z.string().min(1).max(100);

// ---- requests ----
export const AssignIn = z.strictObject({
  userId: publicId.nullable().optional().meta({ description: 'An agent (a member with the agent role or higher; in the team when one is given)' }),
  teamId: publicId.nullable().optional().meta({ description: 'A team; alone, its next agent by round-robin when the team assigns automatically' }),
}).meta({ description: 'Both absent or null: un-assign' });

export const TeamIn = z.strictObject({
  name: z.string().trim().min(1).max(80),
  autoAssign: z.boolean().optional(),
  memberIds: z.array(publicId).max(500).optional(),
});
export const TeamPatch = TeamIn.partial();

export const AvailabilityIn = z.strictObject({ availability: z.enum(AVAILABILITY) });
export const AgentPatch = z.strictObject({
  availability: z.enum(AVAILABILITY).optional(),
  capacity: z.number().int().min(0).max(1000).nullable().optional().meta({ description: 'The most open conversations automatic assignment gives this agent; null: no limit' }),
});
export const InboxSettingsPatch = z.strictObject({
  autoAssign: z.boolean().optional(),
  reassignAfterMinutes: z.number().int().min(1).max(10080).nullable().optional().meta({ description: 'Reassign an open conversation whose assignee has not answered the customer within this many minutes; null: never' }),
});

// ---- responses ----
export const TeamOut = z.object({
  id: z.string(),
  name: z.string(),
  autoAssign: z.boolean(),
  members: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.string(),
}).meta({ id: 'Team' });

export const AgentOut = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['viewer', 'agent', 'admin', 'owner']),
  availability: z.enum(AVAILABILITY),
  capacity: z.number().nullable(),
  openCount: z.number().meta({ description: 'Open conversations assigned to the agent now' }),
  lastAssignedAt: z.string().nullable(),
}).meta({ id: 'Agent' });

export const InboxSettingsOut = z.object({ autoAssign: z.boolean(), reassignAfterMinutes: z.number().nullable() }).meta({ id: 'InboxSettings' });
