import { Alert, Badge, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api';
import { required } from '../../forms';
import { formatPhone } from '../contacts/contactsApi';
import type { PhoneNumber } from './inboxTypes';
import { useSimulateInbound } from './simulator';

/** Test tool on the inbox list: a text from any number to one of the account's simulator numbers. */
export function SimulateInboundModal({ opened, onClose, numbers }: { opened: boolean; onClose: () => void; numbers: PhoneNumber[] }) {
  const navigate = useNavigate();
  const form = useForm({
    mode: 'controlled',
    initialValues: { from: '', to: numbers[0]?.phoneNumber ?? '', body: '' },
    validate: { from: required('The customer’s number'), to: required('Your number'), body: required('The text') },
  });
  const close = () => {
    form.reset();
    simulate.reset();
    onClose();
  };
  const simulate = useSimulateInbound((m) => {
    close();
    navigate(`/inbox/${encodeURIComponent(m.conversationId)}`);
  });
  const to = form.values.to || numbers[0]?.phoneNumber || '';

  return (
    <Modal
      opened={opened}
      onClose={close}
      centered
      title={
        <Group gap="xs">
          <Text fw={600}>Simulate incoming text</Text>
          <Badge size="sm" color="yellow" variant="filled" tt="none">
            Simulator
          </Badge>
        </Group>
      }
    >
      <form noValidate onSubmit={form.onSubmit((v) => simulate.mutate({ from: v.from.trim(), to: v.to || to, body: v.body }))}>
        <Stack>
          <Text size="sm" c="dimmed">
            A test tool: it delivers a text to your simulator number as if a customer had sent it, so you can try replies, STOP and
            HELP without a real phone.
          </Text>
          {numbers.length === 0 && <Alert color="yellow">You have no simulator number yet. Get one in Settings → Numbers.</Alert>}
          {simulate.isError && <Alert color="red">{errorMessage(simulate.error)}</Alert>}
          <TextInput label="Customer number" placeholder="(415) 555-0142" data-autofocus withAsterisk {...form.getInputProps('from')} />
          {numbers.length > 1 && (
            <Select
              label="To your number"
              data={numbers.map((n) => ({ value: n.phoneNumber, label: formatPhone(n.phoneNumber) }))}
              allowDeselect={false}
              {...form.getInputProps('to')}
            />
          )}
          <Textarea label="Customer text" autosize minRows={2} withAsterisk {...form.getInputProps('body')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="orange" loading={simulate.isPending} disabled={numbers.length === 0}>
              Send as customer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
