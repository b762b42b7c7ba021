import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api';
import { formatPhone } from '../contacts/contactsApi';
import type { Conversation } from './inboxTypes';
import { useSimulateInbound } from './simulator';

/** Test tool: inject a text "from the customer" into this conversation's simulator number. */
export function SimulateReplyPanel({ conversation }: { conversation: Conversation }) {
  const navigate = useNavigate();
  const [from, setFrom] = useState(conversation.contact.phone);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const simulate = useSimulateInbound((m) => {
    setBody('');
    if (m.conversationId !== conversation.id) navigate(`/inbox/${encodeURIComponent(m.conversationId)}`);
  });

  return (
    <Paper
      p="xs"
      radius={0}
      bg="yellow.0"
      style={{ borderTop: '1px dashed var(--mantine-color-yellow-5)' }}
      data-testid="simulate-reply"
      aria-label="Simulate a customer reply"
      component="section"
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          if (!body.trim()) return setError('Type what the customer texts.');
          simulate.mutate({ from: from.trim(), to: conversation.number.phoneNumber, body });
        }}
      >
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap">
            <Badge size="xs" color="yellow" variant="filled" tt="none" style={{ flexShrink: 0 }}>
              Simulator
            </Badge>
            <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
              Simulate a customer reply
            </Text>
            <Text size="xs" c="dimmed" truncate>
              Test tool: a text as if the customer sent it to {formatPhone(conversation.number.phoneNumber)}. No real phone is involved. Try STOP, START or HELP.
            </Text>
          </Group>
          {error && (
            <Alert color="red" py={4}>
              {error}
            </Alert>
          )}
          {/* One row in a laptop's conversation column (400 px beside the list and the contact panel): a second row took the thread's height. */}
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput size="xs" label="Customer number" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={120} />
            <TextInput size="xs" label="Customer text" placeholder="e.g. Thanks! or STOP" value={body} onChange={(e) => setBody(e.currentTarget.value)} miw={100} style={{ flex: 1 }} />
            <Button size="xs" type="submit" variant="light" color="orange" loading={simulate.isPending}>
              Send as customer
            </Button>
          </Group>
          {simulate.isError && (
            <Text size="xs" c="red">
              {errorMessage(simulate.error)}
            </Text>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
