import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api';
import { canSendMessages } from '../auth';
import { AGENTS_KEY, AVAILABILITY, MY_AVAILABILITY_KEY, setMyAvailability, useMyAvailability, type Availability } from '../pages/inbox/assignmentApi';
import type { Me } from '../types';

const dot = (color: string) => <span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: `var(--mantine-color-${color}-6)` }} />;

/** The header's availability switch (agents and up): only online agents get new conversations automatically. */
export function AvailabilityToggle({ me }: { me: Me }) {
  const qc = useQueryClient();
  const agent = canSendMessages(me.user.role);
  const mine = useMyAvailability(agent);
  const change = useMutation({
    mutationFn: setMyAvailability,
    onSuccess: (a) => {
      qc.setQueryData(MY_AVAILABILITY_KEY, a);
      void qc.invalidateQueries({ queryKey: AGENTS_KEY });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  if (!agent || !mine.data) return null;
  const now = AVAILABILITY[mine.data.availability];
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="subtle" color="gray" leftSection={dot(now.color)} loading={change.isPending} data-testid="availability-toggle" data-availability={mine.data.availability} aria-label={`Availability: ${now.label}`}>
          <Text span size="xs" visibleFrom="sm">{now.label}</Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Your availability</Menu.Label>
        {(Object.keys(AVAILABILITY) as Availability[]).map((a) => (
          <Menu.Item key={a} leftSection={dot(AVAILABILITY[a].color)} onClick={() => change.mutate(a)} data-testid={`availability-${a}`}>
            <Text size="sm">{AVAILABILITY[a].label}</Text>
            <Text size="xs" c="dimmed">{AVAILABILITY[a].help}</Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
