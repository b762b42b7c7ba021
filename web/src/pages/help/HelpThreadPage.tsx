import { Alert, Anchor, Badge, Button, FileInput, Group, Loader, Paper, Stack, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage, get, post } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { uploadScreenshot } from './HelpPage';
import { InquiryThreadView } from './InquiryThreadView';
import { KIND_LABELS, STATUS_COLORS, STATUS_LABELS, screenshotProblem, type InquiryThread } from './helpApi';

/** One inquiry: the thread with the support team's replies, and a reply box. */
export function HelpThreadPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const fileProblem = screenshotProblem(file);
  const thread = useQuery({ queryKey: ['inquiries', id], queryFn: () => get<InquiryThread>(`/v1/support/inquiries/${id}`), refetchInterval: 30_000 });
  const reply = useMutation({
    mutationFn: async () => {
      let t = await post<InquiryThread>(`/v1/support/inquiries/${id}/messages`, { body });
      if (file) t = await uploadScreenshot(id, file);
      return t;
    },
    onSuccess: (t) => {
      qc.setQueryData(['inquiries', id], t);
      void qc.invalidateQueries({ queryKey: ['inquiries'], exact: true });
      setBody('');
      setFile(null);
    },
  });
  if (thread.isPending) return <Loader />;
  if (thread.isError) return <Alert color="red">{errorMessage(thread.error)}</Alert>;
  const t = thread.data;
  return (
    <Stack maw={900}>
      <Anchor component={Link} to="/help" size="sm">
        ← Help & feedback
      </Anchor>
      <PageHeader
        title={t.subject}
        description={KIND_LABELS[t.kind]}
        actions={
          <Badge color={STATUS_COLORS[t.status]} variant="light" data-testid="inquiry-status">
            {STATUS_LABELS[t.status]}
          </Badge>
        }
      />
      <InquiryThreadView messages={t.messages} />
      <Paper withBorder p="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (body.trim() && !fileProblem) reply.mutate();
          }}
        >
          <Stack>
            <Textarea label="Reply" autosize minRows={3} maxLength={10000} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
            <FileInput label="Screenshot (optional)" accept="image/png,image/jpeg,image/gif" clearable value={file} onChange={setFile} error={fileProblem} />
            {reply.isError && <Alert color="red">{errorMessage(reply.error)}</Alert>}
            <Group justify="flex-end">
              <Button type="submit" loading={reply.isPending} disabled={!body.trim() || !!fileProblem}>
                Send reply
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
