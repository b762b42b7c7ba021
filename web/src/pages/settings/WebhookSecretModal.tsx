import { SecretModal } from '../../components/SecretModal';

/** Shows an endpoint's signing secret (after creation, a rotation or a reveal). */
export function WebhookSecretModal({ shown, onClose }: { shown: { title: string; secret: string; note?: string } | null; onClose: () => void }) {
  const secret = shown && {
    title: shown.title,
    warningTitle: 'Keep this secret safe',
    warning: `Your receiver verifies every webhook with it (Standard Webhooks: the webhook-id, webhook-timestamp and webhook-signature headers).${shown.note ? ` ${shown.note}` : ''}`,
    value: shown.secret,
    copyLabel: 'Copy secret',
    testId: 'webhook-secret',
  };
  return <SecretModal shown={secret} onClose={onClose} />;
}
