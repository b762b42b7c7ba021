import { Badge, Group, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { KIND_LABEL, relative, useConversationSla, type SlaTarget } from './slaApi';

const waiting = (t: SlaTarget) => t.metAt === null && (t.status === 'active' || t.status === 'breached');

/**
 * The conversation header's SLA badge: the most urgent target still waiting, counting down
 * (orange once warned, red when breached), and the CSAT score once the customer answered.
 */
export function SlaBadge({ conversationId }: { conversationId: string }) {
  const sla = useConversationSla(conversationId);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const data = sla.data;
  if (!data) return null;
  const next = data.targets.filter((t) => waiting(t) && t.dueAt).sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))[0];
  const csat = data.csat?.score ?? null;
  if (!next && csat === null) return null;
  let color = 'teal';
  if (next && (next.status === 'breached' || new Date(next.dueAt!).getTime() <= now)) color = 'red';
  else if (next?.warnAt && new Date(next.warnAt).getTime() <= now) color = 'orange';
  return (
    <Group gap={4} wrap="nowrap" data-testid="sla-badge">
      {next && (
        <Tooltip label={`${KIND_LABEL[next.kind]} due ${new Date(next.dueAt!).toLocaleString()}${data.policy ? ` (policy ${data.policy.name})` : ''}`} withArrow>
          <Badge size="sm" variant="light" color={color} data-testid="sla-countdown">
            {KIND_LABEL[next.kind]} {color === 'red' ? `overdue ${relative(next.dueAt!, now).replace(' ago', '')}` : `due ${relative(next.dueAt!, now)}`}
          </Badge>
        </Tooltip>
      )}
      {csat !== null && <Badge size="sm" variant="light" color={csat >= 4 ? 'teal' : csat === 3 ? 'yellow' : 'red'} data-testid="csat-score">CSAT {csat}/5</Badge>}
    </Group>
  );
}
