import { toPublicId } from '../../lib/ids.js';
import type { HolidayRow, PolicyRow } from './sla.service.js';

export const presentPolicy = (p: PolicyRow) => ({
  id: toPublicId('slaPolicy', p.id),
  name: p.title,
  team: p.team_id ? { id: toPublicId('team', p.team_id), name: p.team_name ?? '' } : null,
  firstResponseMinutes: p.first_response_minutes,
  nextResponseMinutes: p.next_response_minutes,
  resolutionMinutes: p.resolution_minutes,
  businessHours: p.business_hours,
  warnPercent: p.warn_percent,
  createdAt: p.created_at.toISOString(),
  updatedAt: p.updated_at.toISOString(),
});

export const presentHoliday = (h: HolidayRow) => ({ id: toPublicId('holiday', h.id), date: h.date, name: h.title });
