import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import type { CreatedApiKey } from '../../types';

/** Shows a freshly created API key exactly once. */
export function NewKeyModal({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  return (
    <Modal
      opened={created !== null}
      onClose={onClose}
      title={<Text fw={600}>API key created</Text>}
      size="lg"
      centered
      closeOnClickOutside={false}
    >
      {created && (
        <Stack>
          <Alert color="yellow" title="Copy your key now">
            This is the only time the key will be shown. It will not be shown again — store it somewhere safe, such as
            a secrets manager.
          </Alert>
          <Text size="sm">
            Key <b>{created.name}</b>
          </Text>
          <Code block data-testid="api-key-value" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {created.key}
          </Code>
          <Group justify="space-between">
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}>
                  {copied ? 'Copied' : 'Copy key'}
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
