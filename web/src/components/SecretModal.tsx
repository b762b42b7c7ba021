import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface ShownSecret {
  title: string;
  /** The warning's title and text (e.g. "Copy your key now"). */
  warningTitle: string;
  warning: ReactNode;
  /** Shown above the value (e.g. the key's name). */
  label?: ReactNode;
  value: string;
  copyLabel: string;
  testId: string;
}

/** Shows a secret value (an API key, a signing secret) with a warning and a copy button; closes only on "Done". */
export function SecretModal({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  return (
    <Modal opened={shown !== null} onClose={onClose} title={<Text fw={600}>{shown?.title}</Text>} size="lg" centered closeOnClickOutside={false}>
      {shown && (
        <Stack>
          <Alert color="yellow" title={shown.warningTitle}>
            {shown.warning}
          </Alert>
          {shown.label}
          <Code block data-testid={shown.testId} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {shown.value}
          </Code>
          <Group justify="space-between">
            <CopyButton value={shown.value}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}>
                  {copied ? 'Copied' : shown.copyLabel}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
