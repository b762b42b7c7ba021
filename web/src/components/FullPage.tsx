import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { errorMessage } from '../api';

export function FullPageLoader() {
  return (
    <Center mih="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function FullPageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Center mih="100vh" p="md">
      <Stack maw={420}>
        <Alert color="red" title="Could not load West Message">
          {errorMessage(error)}
        </Alert>
        {onRetry && <Button onClick={onRetry}>Try again</Button>}
      </Stack>
    </Center>
  );
}
