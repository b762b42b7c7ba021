import { Alert, Anchor, Button, Grid, Group, Loader, Stack, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, del, errorMessage } from '../../api';
import { canAdminContacts, canEditContacts, canSendMessages, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../policies';
import { CONTACTS_KEY, contactName, formatPhone, useContact, useCustomFields } from './contactsApi';
import { ConsentCard } from './detail/ConsentCard';
import { ContactProfileForm } from './detail/ContactProfileForm';

function BackLink() {
  return (
    <Anchor component={Link} to="/contacts" size="sm" mb="xs" display="inline-block">
      ← All contacts
    </Anchor>
  );
}

export function ContactDetailPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const editable = canEditContacts(user.role);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const contact = useContact(id);
  const fields = useCustomFields();
  const [deleting, setDeleting] = useState(false);

  const remove = useMutation({
    mutationFn: () => del(`/v1/contacts/${encodeURIComponent(id)}`),
    onSuccess: () => {
      qc.removeQueries({ queryKey: [...CONTACTS_KEY, 'detail', id] });
      void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
      notifications.show({ color: 'green', message: 'Contact deleted' });
      navigate('/contacts', { replace: true });
    },
  });

  if (contact.isPending || fields.isPending) return <Loader aria-label="Loading contact" />;
  if (contact.isError || fields.isError) {
    const notFound = contact.error instanceof ApiError && contact.error.status === 404;
    return (
      <>
        <BackLink />
        <PageHeader title={notFound ? 'Contact not found' : 'Contact'} />
        <Alert color={notFound ? 'yellow' : 'red'}>
          {notFound ? 'This contact does not exist or was deleted.' : errorMessage(contact.error ?? fields.error)}
        </Alert>
      </>
    );
  }

  const c = contact.data;
  const name = contactName(c);
  return (
    <>
      <BackLink />
      <PageHeader
        title={name || formatPhone(c.phone)}
        description={
          <>
            {name ? `${formatPhone(c.phone)} · ` : ''}Added {formatDate(c.createdAt)}
            {c.lastMessageAt ? ` · last message ${formatDate(c.lastMessageAt, true)}` : ''}
          </>
        }
        actions={
          <Group gap="xs">
            {canSendMessages(user.role) && (
              <Tooltip label="This person opted out: they cannot be texted until they text START." disabled={c.consent.state !== 'opted_out'}>
                <Button
                  component={Link}
                  to={`/inbox?to=${encodeURIComponent(c.phone)}`}
                  data-disabled={c.consent.state === 'opted_out' || undefined}
                  onClick={(e) => c.consent.state === 'opted_out' && e.preventDefault()}
                  data-testid="message-contact"
                >
                  Message
                </Button>
              </Tooltip>
            )}
            {editable && (
              <Button
                variant="subtle"
                color="red"
                onClick={() => {
                  remove.reset();
                  setDeleting(true);
                }}
              >
                Delete contact
              </Button>
            )}
          </Group>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <ContactProfileForm key={c.id} contact={c} defs={fields.data.data} editable={editable} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <ConsentCard contact={c} canRecord={editable} canExport={canAdminContacts(user.role)} />
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={deleting}
        title="Delete contact?"
        confirmLabel="Delete contact"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        {name || formatPhone(c.phone)} will be deleted with their profile and notes. Their consent record is kept
        {c.consent.state === 'opted_out' ? ' and their number stays suppressed' : ''}.
      </ConfirmModal>
    </>
  );
}
