import { Alert, Anchor, Badge, Box, Button, Drawer, Group, Loader, ScrollArea, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, get, patch } from '../../api';
import { canEditContacts, useSession } from '../../auth';
import { formatDate } from '../../policies';
import type { Page } from '../../types';
import { ConsentBadge, TagBadges } from '../contacts/ContactBadges';
import type { Contact } from '../contacts/contactTypes';
import { CONTACTS_KEY, contactKey, contactName, formatPhone, useContact, useCustomFields } from '../contacts/contactsApi';
import { useTagSuggestions } from '../contacts/useTagSuggestions';
import { CONVERSATIONS_KEY } from './inboxApi';
import type { Conversation } from './inboxTypes';

const CONSENT_HELP: Record<string, string> = {
  opted_in: 'Agreed to receive texts.',
  opted_out: 'Texted STOP: no texts until they text START.',
  unknown: 'No consent recorded: replies only, no marketing.',
};

/** Name and tags, edited on the spot (an unknown number gets its name here). */
function QuickEdit({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const qc = useQueryClient();
  const tagSuggestions = useTagSuggestions();
  const [firstName, setFirstName] = useState(contact.firstName ?? '');
  const [lastName, setLastName] = useState(contact.lastName ?? '');
  const [tags, setTags] = useState<string[]>(contact.tags);
  const save = useMutation({
    mutationFn: () => patch<Contact>(`/v1/contacts/${encodeURIComponent(contact.id)}`, { firstName: firstName.trim() || null, lastName: lastName.trim() || null, tags }),
    onSuccess: (c) => {
      qc.setQueryData(contactKey(c.id), c);
      void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
      void qc.invalidateQueries({ queryKey: CONVERSATIONS_KEY }); // the thread's title and the list show the new name
      notifications.show({ color: 'green', message: 'Contact saved' });
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      data-testid="contact-quick-edit"
    >
      <Stack gap="xs">
        <Group grow gap="xs" wrap="nowrap">
          <TextInput label="First name" size="xs" value={firstName} onChange={(e) => setFirstName(e.currentTarget.value)} maxLength={100} data-autofocus />
          <TextInput label="Last name" size="xs" value={lastName} onChange={(e) => setLastName(e.currentTarget.value)} maxLength={100} />
        </Group>
        <TagsInput label="Tags" size="xs" data={tagSuggestions} limit={20} value={tags} onChange={setTags} placeholder="Type a tag and press Enter" />
        {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {title}
      </Text>
      {children}
    </Stack>
  );
}

/** The contact's other conversations, most recent first (any state). */
function PastConversations({ contactId, currentId }: { contactId: string; currentId: string }) {
  const list = useQuery({
    queryKey: [...CONVERSATIONS_KEY, 'of-contact', contactId],
    queryFn: () => get<Page<Conversation>>(`/v1/conversations?contactId=${encodeURIComponent(contactId)}&state=all&limit=20`),
  });
  if (list.isPending) return <Loader size="xs" />;
  if (list.isError) return <Text size="xs" c="red">{errorMessage(list.error)}</Text>;
  const others = list.data.data.filter((c) => c.id !== currentId);
  if (!others.length) return <Text size="sm" c="dimmed">No other conversations.</Text>;
  return (
    <Stack gap={4} data-testid="contact-past-conversations">
      {others.map((c) => (
        <Anchor key={c.id} component={Link} to={`/inbox/${encodeURIComponent(c.id)}`} size="sm" data-testid="past-conversation">
          <Group gap={6} wrap="nowrap">
            <Badge size="xs" variant="light" color={c.status === 'closed' ? 'gray' : 'blue'}>
              {c.status}
            </Badge>
            <Text size="sm" truncate inherit>
              {c.lastMessage?.body || 'No messages'}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {formatDate(c.lastMessageAt ?? c.createdAt)} · via {formatPhone(c.number.phoneNumber)}
          </Text>
        </Anchor>
      ))}
    </Stack>
  );
}

/** Who the customer of a conversation is: consent, tags, custom fields, other conversations, and a quick edit. */
export function ContactPanel({ conversation }: { conversation: Conversation }) {
  const { user } = useSession();
  const contact = useContact(conversation.contact.id);
  const fields = useCustomFields();
  const [editing, setEditing] = useState(false);
  const c = contact.data;
  const name = c ? contactName(c) : '';
  // An unnamed contact opens straight into naming it.
  useEffect(() => {
    if (c && !name && canEditContacts(user.role)) setEditing(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c?.id]);
  if (contact.isPending) return <Loader size="sm" m="md" aria-label="Loading contact" />;
  if (contact.isError || !c) return <Alert color="red" m="md">{errorMessage(contact.error)}</Alert>;
  const defs = fields.data?.data ?? [];
  const filled = defs.filter((f) => c.fields[f.key] !== undefined && c.fields[f.key] !== null && c.fields[f.key] !== '');
  return (
    <Stack gap="md" p="md" data-testid="contact-panel">
      <Stack gap={2}>
        <Group justify="space-between" wrap="nowrap">
          <Title order={5} data-testid="contact-panel-name" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {name || 'Unnamed contact'}
          </Title>
          {!editing && canEditContacts(user.role) && (
            <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {formatPhone(c.phone)}
          {c.email ? ` · ${c.email}` : ''}
        </Text>
      </Stack>
      {editing && <QuickEdit contact={c} onDone={() => setEditing(false)} />}
      <Section title="Consent">
        <Group gap="xs">
          <ConsentBadge state={c.consent.state} data-testid="contact-panel-consent" />
          {c.consent.updatedAt && (
            <Text size="xs" c="dimmed">
              since {formatDate(c.consent.updatedAt)}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {CONSENT_HELP[c.consent.state]}
        </Text>
      </Section>
      {!editing && (
        <Section title="Tags">{c.tags.length ? <TagBadges tags={c.tags} max={12} /> : <Text size="sm" c="dimmed">No tags.</Text>}</Section>
      )}
      <Section title="Fields">
        {filled.length === 0 ? (
          <Text size="sm" c="dimmed">
            No custom fields set.
          </Text>
        ) : (
          filled.map((f) => (
            <Group key={f.key} gap="xs" wrap="nowrap" justify="space-between">
              <Text size="sm" c="dimmed">
                {f.label}
              </Text>
              <Text size="sm" ta="right" style={{ overflowWrap: 'anywhere' }}>
                {String(c.fields[f.key])}
              </Text>
            </Group>
          ))
        )}
      </Section>
      <Section title="Past conversations">
        <PastConversations contactId={c.id} currentId={conversation.id} />
      </Section>
      <Anchor component={Link} to={`/contacts/${encodeURIComponent(c.id)}`} size="sm">
        Open contact page →
      </Anchor>
    </Stack>
  );
}

/**
 * The conversation with its contact panel: beside the thread on wide screens, in a drawer
 * opened from a "Contact" button on narrow ones (phones, tablets).
 */
export function WithContactPanel({ conversation, children }: { conversation: Conversation; children: ReactNode }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Box h="100%" style={{ display: 'flex', minWidth: 0, position: 'relative' }}>
      <Box h="100%" style={{ flex: 1, minWidth: 0 }}>
        {children}
      </Box>
      <Box visibleFrom="lg" w={300} h="100%" style={{ flexShrink: 0, borderLeft: '1px solid var(--mantine-color-gray-3)' }}>
        <ScrollArea h="100%">
          <ContactPanel conversation={conversation} />
        </ScrollArea>
      </Box>
      <Button
        hiddenFrom="lg"
        size="compact-xs"
        variant="light"
        onClick={open}
        pos="absolute"
        top="40%"
        right={0}
        style={{ zIndex: 2, borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
        data-testid="open-contact-panel"
      >
        Contact
      </Button>
      <Drawer opened={opened} onClose={close} position="right" size="min(360px, 100vw)" title="Contact">
        <ContactPanel conversation={conversation} />
      </Drawer>
    </Box>
  );
}
