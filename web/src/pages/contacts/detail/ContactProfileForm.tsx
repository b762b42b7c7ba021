import { Alert, Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTagSuggestions } from '../useTagSuggestions';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { patch } from '../../../api';
import type { Contact, CustomField } from '../contactTypes';
import { applyContactError, toBody, toValues, validateContact, type ContactValues } from '../contactForm';
import { CONTACTS_KEY, contactKey, countryName, PHONE_TYPE_LABELS, TIME_ZONES } from '../contactsApi';
import { CustomFieldInput } from './CustomFieldInput';

export function ContactProfileForm({ contact, defs, editable }: { contact: Contact; defs: CustomField[]; editable: boolean }) {
  const tagSuggestions = useTagSuggestions();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [existingId, setExistingId] = useState<string | undefined>();
  const form = useForm<ContactValues>({ mode: 'controlled', initialValues: toValues(contact, defs), validate: validateContact(defs) });

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => patch<Contact>(`/v1/contacts/${encodeURIComponent(contact.id)}`, body),
    onSuccess: (c) => {
      qc.setQueryData(contactKey(c.id), c);
      void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
      const values = toValues(c, defs);
      form.setInitialValues(values);
      form.setValues(values);
      form.resetDirty(values);
      notifications.show({ color: 'green', message: 'Contact saved' });
    },
    onError: (e) => {
      const r = applyContactError(form, e);
      setError(r.message);
      setExistingId(r.existingId);
    },
  });

  const detected = contact.timeZoneSource === 'explicit' ? null : contact.timeZone;
  const phoneFacts = [contact.phoneType ? PHONE_TYPE_LABELS[contact.phoneType] ?? contact.phoneType : null, contact.country ? countryName(contact.country) : null]
    .filter(Boolean)
    .join(' · ');

  return (
    <Paper withBorder p="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          setExistingId(undefined);
          const body = toBody(v, defs, toValues(contact, defs));
          if (Object.keys(body).length === 0) notifications.show({ message: 'Nothing to save' });
          else save.mutate(body);
        })}
      >
        <Stack>
          <Group justify="space-between">
            <Title order={4}>Profile</Title>
            {!editable && (
              <Text size="xs" c="dimmed">
                Read-only: your role can’t edit contacts
              </Text>
            )}
          </Group>
          {error && <Alert color="red">{error}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="First name" readOnly={!editable} {...form.getInputProps('firstName')} />
            <TextInput label="Last name" readOnly={!editable} {...form.getInputProps('lastName')} />
            <TextInput label="Phone number" description={phoneFacts || undefined} readOnly={!editable} {...form.getInputProps('phone')} />
            <TextInput label="Email" type="email" readOnly={!editable} {...form.getInputProps('email')} />
          </SimpleGrid>
          {existingId && (
            <Text size="sm">
              <Anchor component={Link} to={`/contacts/${encodeURIComponent(existingId)}`}>
                Open the contact that has this number
              </Anchor>
            </Text>
          )}
          <Select
            label="Time zone"
            description={detected ? `Used for quiet hours. Empty means the zone of the number: ${detected}.` : 'Used for quiet hours.'}
            placeholder={detected ? `${detected} (from the number)` : 'From the number'}
            data={TIME_ZONES}
            searchable
            clearable
            readOnly={!editable}
            limit={50}
            {...form.getInputProps('timeZone')}
          />
          <TagsInput label="Tags" placeholder={editable ? 'Type a tag and press Enter' : undefined} readOnly={!editable} data={tagSuggestions} limit={20} {...form.getInputProps('tags')} />
          <Textarea label="Notes" autosize minRows={2} maxRows={8} readOnly={!editable} {...form.getInputProps('notes')} />
          {defs.length > 0 && (
            <>
              <Text size="sm" fw={600} mt="xs">
                Custom fields
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {defs.map((d) => (
                  <CustomFieldInput key={d.id} def={d} form={form} readOnly={!editable} />
                ))}
              </SimpleGrid>
            </>
          )}
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                Save changes
              </Button>
              {form.isDirty() && (
                <Button variant="subtle" color="gray" onClick={() => form.reset()}>
                  Discard
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
