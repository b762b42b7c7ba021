import { Alert, Badge, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, post } from '../../api';
import { formatPhone } from '../contacts/contactsApi';
import { NUMBER_TYPE_LABELS, NUMBERS_KEY } from '../inbox/inboxApi';
import { CONNECTIONS_KEY } from './connectionsApi';
import type { NumberType, PhoneNumber } from '../inbox/inboxTypes';

const TYPE_OPTIONS = (Object.keys(NUMBER_TYPE_LABELS) as NumberType[]).map((value) => ({ value, label: NUMBER_TYPE_LABELS[value] }));

/** Provision a number from the carrier simulator (through the account's Simulator connection, created with the first number). */
export function GetNumberForm() {
  const qc = useQueryClient();
  const [type, setType] = useState<NumberType>('long_code');
  const create = useMutation({
    mutationFn: () => post<PhoneNumber>('/v1/numbers', { provider: 'simulator', type }),
    onSuccess: (n) => {
      void qc.invalidateQueries({ queryKey: NUMBERS_KEY });
      void qc.invalidateQueries({ queryKey: CONNECTIONS_KEY }); // the first one creates the Simulator connection
      notifications.show({ color: 'green', message: `Your new number is ${formatPhone(n.phoneNumber)}` });
    },
  });

  return (
    <Paper withBorder p="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <Stack gap={2}>
            <Group gap="xs">
              <Title order={4}>Get a number</Title>
              <Badge size="sm" color="yellow" variant="light" tt="none">
                Simulator
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              Numbers come from the built-in carrier simulator: texts are accepted and “delivered” within a moment, and you can
              simulate customer replies from the Inbox. Nothing reaches real phones.
            </Text>
          </Stack>
          {create.isError && <Alert color="red">{errorMessage(create.error)}</Alert>}
          <Group align="flex-end" wrap="wrap">
            <Select label="Provider" data={[{ value: 'simulator', label: 'Simulator' }]} value="simulator" allowDeselect={false} w={200} readOnly />
            <Select label="Number type" data={TYPE_OPTIONS} value={type} onChange={(v) => v && setType(v as NumberType)} allowDeselect={false} w={220} />
            <Button type="submit" loading={create.isPending}>
              Get a number
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
