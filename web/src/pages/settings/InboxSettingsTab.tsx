import { Divider, Stack } from '@mantine/core';
import { CannedRepliesSection } from './CannedRepliesSection';
import { LabelsSection } from './LabelsSection';

/** Settings → Inbox: canned replies and labels. */
export function InboxSettingsTab() {
  return (
    <Stack gap="xl" maw={960}>
      <CannedRepliesSection />
      <Divider />
      <LabelsSection />
    </Stack>
  );
}
