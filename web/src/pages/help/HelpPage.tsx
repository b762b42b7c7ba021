import { Alert, Badge, Button, FileInput, Group, Paper, SegmentedControl, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage, get, post, upload } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { KIND_LABELS, STATUS_COLORS, STATUS_LABELS, screenshotProblem, type Inquiry, type InquiryKind, type InquiryThread } from './helpApi';

/** Sends a screenshot to the caller's latest message of an inquiry. */
export async function uploadScreenshot(inquiryId: string, file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload<InquiryThread>(`/v1/support/inquiries/${inquiryId}/screenshots`, form);
}

function NewInquiryForm() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [kind, setKind] = useState<InquiryKind>('inquiry');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const fileProblem = screenshotProblem(file);
  const send = useMutation({
    mutationFn: async () => {
      const created = await post<InquiryThread>('/v1/support/inquiries', { kind, subject, body });
      if (file) await uploadScreenshot(created.id, file);
      return created;
    },
    onSuccess: (created) => {
      void qc.invalidateQueries({ queryKey: ['inquiries'] });
      notifications.show({ color: 'green', message: 'Sent. We answer by email and here.' });
      navigate(`/help/${created.id}`);
    },
  });
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!fileProblem) send.mutate();
        }}
      >
        <Stack>
          <Title order={4}>Write to us</Title>
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as InquiryKind)}
            data={(Object.keys(KIND_LABELS) as InquiryKind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            aria-label="Kind"
            fullWidth
          />
          <TextInput label="Subject" required maxLength={200} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
          <Textarea
            label="Message"
            required
            autosize
            minRows={4}
            maxLength={10000}
            description={kind === 'bug' ? 'What did you do, what did you expect, what happened instead?' : undefined}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <FileInput
            label="Screenshot (optional)"
            description="PNG, JPEG or GIF, at most 5 MB"
            accept="image/png,image/jpeg,image/gif"
            clearable
            value={file}
            onChange={setFile}
            error={fileProblem}
            data-testid="screenshot-input"
          />
          {send.isError && <Alert color="red">{errorMessage(send.error)}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={send.isPending} disabled={!subject.trim() || !body.trim() || !!fileProblem}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** "Help & feedback": write to the platform's support team and read their answers. */
export function HelpPage() {
  const list = useQuery({ queryKey: ['inquiries'], queryFn: () => get<{ data: Inquiry[] }>('/v1/support/inquiries') });
  return (
    <Stack maw={900}>
      <PageHeader title="Help & feedback" description="Ask a question, report a bug or tell us what to improve. The platform's support team answers by email and here." />
      <NewInquiryForm />
      <Title order={4}>Your messages</Title>
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.data && list.data.data.length === 0 && <Text c="dimmed">Nothing yet.</Text>}
      {list.data && list.data.data.length > 0 && (
        <div className="wm-table-scroll">
          <Table highlightOnHover data-testid="inquiries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.data.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Link to={`/help/${i.id}`}>{i.subject}</Link>
                  </Table.Td>
                  <Table.Td>{KIND_LABELS[i.kind]}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[i.status]} variant="light">
                      {STATUS_LABELS[i.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{new Date(i.updatedAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}
