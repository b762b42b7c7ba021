import { Alert, Anchor, Button, Group, Modal, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useTagSuggestions } from './useTagSuggestions';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { post } from '../../api';
import type { Contact } from './contactTypes';
import { applyContactError, EMPTY_CONTACT, toBody, validateContact, type ContactValues } from './contactForm';
import { CONTACTS_KEY, contactName, formatPhone } from './contactsApi';

export function AddContactModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const tagSuggestions = useTagSuggestions();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [existingId, setExistingId] = useState<string | undefined>();
  const form = useForm<ContactValues>({ mode: 'controlled', initialValues: EMPTY_CONTACT, validate: validateContact([]) });

  const close = () => {
    form.reset();
    setError(null);
    setExistingId(undefined);
    onClose();
  };

  const create = useMutation({
    mutationFn: (v: ContactValues) => post<Contact>('/v1/contacts', toBody(v, [])),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
      notifications.show({ color: 'green', message: `${contactName(c) || formatPhone(c.phone)} was added` });
      close();
    },
    onError: (e) => {
      const r = applyContactError(form, e);
      setError(r.message);
      setExistingId(r.existingId);
    },
  });

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Add contact</Text>} centered size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          setExistingId(undefined);
          create.mutate(v);
        })}
      >
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <TextInput
            label="Phone number"
            description="Any format. Include the country code for numbers outside your country."
            placeholder="(415) 555-0100"
            withAsterisk
            data-autofocus
            {...form.getInputProps('phone')}
          />
          {existingId && (
            <Text size="sm">
              <Anchor component={Link} to={`/contacts/${encodeURIComponent(existingId)}`} onClick={close}>
                Open the existing contact
              </Anchor>
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="First name" {...form.getInputProps('firstName')} />
            <TextInput label="Last name" {...form.getInputProps('lastName')} />
          </SimpleGrid>
          <TextInput label="Email" type="email" {...form.getInputProps('email')} />
          <TagsInput label="Tags" placeholder="Type a tag and press Enter" data={tagSuggestions} limit={20} {...form.getInputProps('tags')} />
          <Text size="xs" c="dimmed">
            New contacts start with unknown consent. Record an opt-in on the contact’s page once you have their permission.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add contact
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
