import { Alert, Button, Group, Modal, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch } from '../../api';
import { applyServerError, required } from '../../forms';
import { formatPhone } from '../contacts/contactsApi';
import { useNumbers } from '../inbox/inboxApi';
import { KEYWORDS_KEY, type JoinKeyword } from './growthApi';

interface Values { word: string; programName: string; frequency: string; tags: string[]; doubleOptIn: boolean; numberId: string | null }

function EditKeywordForm({ keyword, onClose }: { keyword: JoinKeyword; onClose: () => void }) {
  const qc = useQueryClient();
  const numbers = useNumbers();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { word: keyword.word, programName: keyword.programName, frequency: keyword.frequency, tags: keyword.tags, doubleOptIn: keyword.doubleOptIn, numberId: keyword.numberId },
    validate: { word: required('Keyword'), programName: required('Program name'), frequency: required('Message frequency') },
  });
  const save = useMutation({
    mutationFn: (v: Values) => patch<JoinKeyword>(`/v1/keywords/${encodeURIComponent(keyword.id)}`, { ...v, word: v.word.trim(), numberId: v.numberId || null }),
    onSuccess: (k) => {
      void qc.invalidateQueries({ queryKey: KEYWORDS_KEY });
      notifications.show({ color: 'green', message: `Keyword ${k.word} saved` });
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const numberOptions = (numbers.data?.data ?? []).map((n) => ({ value: n.id, label: formatPhone(n.phoneNumber) }));
  return (
    <form noValidate onSubmit={form.onSubmit((v) => { setError(null); save.mutate(v); })}>
      <Stack>
        {error && <Alert color="red">{error}</Alert>}
        <TextInput label="Keyword" {...form.getInputProps('word')} />
        <TextInput label="Program name" {...form.getInputProps('programName')} />
        <TextInput label="Message frequency" {...form.getInputProps('frequency')} />
        <Select label="Number" placeholder="Every number" clearable data={numberOptions} {...form.getInputProps('numberId')} />
        <TagsInput label="Tags to add" {...form.getInputProps('tags')} />
        <Switch label='Double opt-in (reply "Y" within 24 hours)' {...form.getInputProps('doubleOptIn', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={save.isPending}>Save</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Changes a join keyword (word, program, frequency, number, tags, double opt-in). */
export function EditKeywordModal({ keyword, onClose }: { keyword: JoinKeyword | null; onClose: () => void }) {
  return (
    <Modal opened={keyword !== null} onClose={onClose} title={<Text fw={600}>Edit keyword</Text>} centered>
      {keyword && <EditKeywordForm key={keyword.id} keyword={keyword} onClose={onClose} />}
    </Modal>
  );
}
