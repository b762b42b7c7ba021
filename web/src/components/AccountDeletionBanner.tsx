import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { deletionDate, useAccountDeletion } from '../pages/settings/accountDeletionApi';

/** Above every page while the account is scheduled for deletion, with the way to cancel it. */
export function AccountDeletionBanner() {
  const state = useAccountDeletion();
  if (!state.data?.pending) return null;
  return (
    <Alert color="red" mb="md" title="This account is scheduled for deletion" data-testid="account-deletion-banner">
      <Text size="sm">
        Everything in it will be erased on {deletionDate(state.data.scheduledFor)}.{' '}
        <Anchor component={Link} to="/settings/account" size="sm">
          Cancel the deletion
        </Anchor>
      </Text>
    </Alert>
  );
}
