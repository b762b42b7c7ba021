import { Stack } from '@mantine/core';
import { canManageTeam, useSession } from '../../auth';
import { InvitationsSection } from './InvitationsSection';
import { InviteForm } from './InviteForm';
import { MembersSection } from './MembersSection';

export function TeamTab() {
  const { user } = useSession();
  const manager = canManageTeam(user.role);
  return (
    <Stack gap="xl" maw={960}>
      <MembersSection />
      {manager && <InviteForm />}
      {manager && <InvitationsSection />}
    </Stack>
  );
}
