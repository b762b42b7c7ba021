import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

/** Shows an endpoint's signing secret (after creation, a rotation or a reveal). */
export function WebhookSecretModal({ shown, onClose }: { shown: { title: string; secret: string; note?: string } | null; onClose: () => void }) {
  return (
    <Modal opened={shown !== null} onClose={onClose} title={<Text fw={600}>{shown?.title}</Text>} size="lg" centered closeOnClickOutside={false}>
      {shown && (
        <Stack>
          <Alert color="yellow" title="Keep this secret safe">
            Your receiver verifies every webhook with it (Standard Webhooks: the webhook-id, webhook-timestamp and webhook-signature headers).
            {shown.note ? ` ${shown.note}` : ''}
          </Alert>
          <Code block data-testid="webhook-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {shown.secret}
          </Code>
          <Group justify="space-between">
            <CopyButton value={shown.secret}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}>
                  {copied ? 'Copied' : 'Copy secret'}
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
