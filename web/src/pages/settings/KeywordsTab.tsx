import { Alert, Badge, Button, Group, Image, Loader, Modal, Paper, Select, SimpleGrid, Stack, Switch, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, post } from '../../api';
import { canAdminContacts, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { applyServerError, required } from '../../forms';
import { TagBadges } from '../contacts/ContactBadges';
import { formatPhone } from '../contacts/contactsApi';
import { useNumbers } from '../inbox/inboxApi';
import { EditKeywordModal } from './EditKeywordModal';
import { KEYWORDS_KEY, keywordQrUrl, useKeywords, type JoinKeyword } from './growthApi';

interface Values { word: string; programName: string; frequency: string; tags: string[]; doubleOptIn: boolean; numberId: string | null }

function CreateKeywordForm() {
  const qc = useQueryClient();
  const numbers = useNumbers();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { word: '', programName: '', frequency: 'Up to 4 msgs/month', tags: [], doubleOptIn: true, numberId: null },
    validate: { word: required('Keyword'), programName: required('Program name'), frequency: required('Message frequency') },
  });
  const create = useMutation({
    mutationFn: (v: Values) => post<JoinKeyword>('/v1/keywords', { ...v, word: v.word.trim(), numberId: v.numberId || null }),
    onSuccess: (k) => {
      form.reset();
      void qc.invalidateQueries({ queryKey: KEYWORDS_KEY });
      notifications.show({ color: 'green', message: `Keyword ${k.word} created` });
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const numberOptions = (numbers.data?.data ?? []).map((n) => ({ value: n.id, label: formatPhone(n.phoneNumber) }));
  return (
    <Paper withBorder p="lg">
      <form noValidate onSubmit={form.onSubmit((v) => { setError(null); create.mutate(v); })}>
        <Stack>
          <Title order={4}>New join keyword</Title>
          <Text size="sm" c="dimmed">A customer who texts this word to your number joins the program. STOP, HELP, START and their synonyms are reserved.</Text>
          {error && <Alert color="red">{error}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Keyword" placeholder="JOIN" {...form.getInputProps('word')} />
            <TextInput label="Program name" placeholder="Deals" {...form.getInputProps('programName')} />
            <TextInput label="Message frequency" {...form.getInputProps('frequency')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Number" placeholder="Every number" clearable data={numberOptions} {...form.getInputProps('numberId')} />
            <TagsInput label="Tags to add" placeholder="Type and press Enter" {...form.getInputProps('tags')} />
          </SimpleGrid>
          <Switch label='Double opt-in (the customer must reply "Y" within 24 hours)' {...form.getInputProps('doubleOptIn', { type: 'checkbox' })} />
          <Group>
            <Button type="submit" loading={create.isPending}>Create keyword</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function KeywordsTab() {
  const { user } = useSession();
  const admin = canAdminContacts(user.role);
  const qc = useQueryClient();
  const keywords = useKeywords();
  const [qr, setQr] = useState<JoinKeyword | null>(null);
  const [deleting, setDeleting] = useState<JoinKeyword | null>(null);
  const [editing, setEditing] = useState<JoinKeyword | null>(null);
  const remove = useMutation({
    mutationFn: (k: JoinKeyword) => del(`/v1/keywords/${encodeURIComponent(k.id)}`),
    onSuccess: () => {
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: KEYWORDS_KEY });
      notifications.show({ message: 'Keyword deleted' });
    },
  });
  const rows = keywords.data?.data ?? [];
  return (
    <Stack gap="xl" maw={1000}>
      {admin ? <CreateKeywordForm /> : <Alert color="gray">Only the owner or an admin can change join keywords.</Alert>}
      <Stack gap="sm">
        <Title order={4}>Join keywords</Title>
        {keywords.isPending && <Loader size="sm" aria-label="Loading keywords" />}
        {keywords.isError && <Alert color="red">{errorMessage(keywords.error)}</Alert>}
        {keywords.isSuccess && rows.length === 0 && <Text size="sm" c="dimmed">No join keywords yet.</Text>}
        {rows.length > 0 && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr><Table.Th>Keyword</Table.Th><Table.Th>Number</Table.Th><Table.Th>Confirmation text</Table.Th><Table.Th>Tags</Table.Th><Table.Th /></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((k) => (
                    <Table.Tr key={k.id} data-testid="keyword-row">
                      <Table.Td miw={140}>
                        <Text fw={600}>{k.word}</Text>
                        {k.doubleOptIn && <Badge size="sm" variant="light">Double opt-in</Badge>}
                      </Table.Td>
                      <Table.Td><Text size="sm">{k.phoneNumber ? formatPhone(k.phoneNumber) : 'Every number'}</Text></Table.Td>
                      <Table.Td><Text size="xs" c="dimmed">{k.confirmationText}</Text></Table.Td>
                      <Table.Td>
                        <TagBadges tags={k.tags} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="subtle" onClick={() => setQr(k)}>QR code</Button>
                          {admin && <Button size="xs" variant="subtle" onClick={() => setEditing(k)}>Edit</Button>}
                          {admin && <Button size="xs" variant="subtle" color="red" onClick={() => { remove.reset(); setDeleting(k); }}>Delete</Button>}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
      <Modal opened={qr !== null} onClose={() => setQr(null)} title={qr ? `Text ${qr.word} — QR code` : ''} centered>
        {qr && (
          <Stack align="center">
            <Image src={keywordQrUrl(qr)} alt={`QR code to text ${qr.word}`} w={240} h={240} data-testid="keyword-qr" />
            <Text size="sm" c="dimmed" ta="center">Scanning it opens a text of {qr.word} to {qr.phoneNumber ? formatPhone(qr.phoneNumber) : 'your first number'}.</Text>
            <Button component="a" href={keywordQrUrl(qr)} download={`keyword-${qr.word}.svg`} variant="light">Download SVG</Button>
          </Stack>
        )}
      </Modal>
      <EditKeywordModal keyword={editing} onClose={() => setEditing(null)} />
      <ConfirmModal opened={deleting !== null} title="Delete keyword" confirmLabel="Delete" loading={remove.isPending} error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)} onClose={() => setDeleting(null)}>
        Texts of {deleting?.word} will no longer sign anyone up. Consent already given stays recorded.
      </ConfirmModal>
    </Stack>
  );
}
