import { Text } from '@mantine/core';
import { SecretModal } from '../../components/SecretModal';
import type { CreatedApiKey } from '../../types';

/** Shows a freshly created API key exactly once. */
export function NewKeyModal({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  const shown = created && {
    title: 'API key created',
    warningTitle: 'Copy your key now',
    warning: 'This is the only time the key will be shown. It will not be shown again — store it somewhere safe, such as a secrets manager.',
    label: (
      <Text size="sm">
        Key <b>{created.name}</b>
      </Text>
    ),
    value: created.key,
    copyLabel: 'Copy key',
    testId: 'api-key-value',
  };
  return <SecretModal shown={shown} onClose={onClose} />;
}
