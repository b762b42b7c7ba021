import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../../../api';
import { useSession } from '../../../auth';
import { applyServerError } from '../../../forms';
import type { ImportOptions, ImportPreview } from '../contactTypes';
import { useCustomFields } from '../contactsApi';
import { ImportOptionsFields, type OptionValues } from './ImportOptionsFields';
import { assign, columnsFromMapping, mappingFromColumns, type ColumnTarget } from './importMapping';
import { MappingTable } from './MappingTable';

/** Step 2: confirm or correct the detected column mapping, choose the options, start. */
export function MappingStep({ preview, onBack, onStarted }: { preview: ImportPreview; onBack: () => void; onStarted: (id: string) => void }) {
  const fields = useCustomFields();
  // Numbers without a country code are read in the account's own country (from /v1/me).
  const { account } = useSession();
  const [targets, setTargets] = useState<ColumnTarget[]>(() => columnsFromMapping(preview.mapping, preview.headers.length));
  const [mappingError, setMappingError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<OptionValues>({
    mode: 'controlled',
    initialValues: { defaultCountry: account.defaultCountry, tags: [], existing: 'update', basis: '', description: '', skipLandlines: true },
    validate: {
      basis: (v) => (v ? null : 'Choose whether these people gave consent'),
      description: (v, all) => (all.basis === 'consented' && !v.trim() ? 'Describe how they consented (kept as evidence)' : null),
    },
  });

  const start = useMutation({
    mutationFn: (v: OptionValues) => {
      const options: ImportOptions = {
        defaultCountry: v.defaultCountry,
        tags: v.tags,
        existing: v.existing,
        consent: v.basis === 'consented' ? { basis: 'consented', description: v.description.trim() } : { basis: 'unknown' },
        skipLandlines: v.skipLandlines,
      };
      return post<{ id: string }>('/v1/imports', { uploadId: preview.uploadId, mapping: mappingFromColumns(targets), options });
    },
    onSuccess: (r) => onStarted(r.id),
    onError: (e) => setError(applyServerError(form, e, { 'consent.description': 'description' })),
  });

  const phones = targets.filter((t) => t === 'phone').length;
  const submit = form.onSubmit((v) => {
    setError(null);
    if (phones !== 1) {
      setMappingError('Choose the column that holds phone numbers: set it to “Phone”.');
      return;
    }
    start.mutate(v);
  });

  return (
    <form noValidate onSubmit={submit}>
      <Stack maw={960}>
        <Stack gap={2}>
          <Title order={4}>Match your columns</Title>
          <Text size="sm" c="dimmed">
            {preview.filename} · {preview.headers.length} columns. We guessed what each column holds — check it and correct anything
            that’s wrong. Exactly one column must be “Phone”.
          </Text>
        </Stack>
        <MappingTable
          headers={preview.headers}
          sampleRows={preview.sampleRows}
          targets={targets}
          fields={fields.data?.data ?? []}
          onChange={(col, t) => {
            setMappingError(null);
            setTargets((prev) => assign(prev, col, t));
          }}
        />
        {(mappingError || phones === 0) && (
          <Alert color={mappingError ? 'red' : 'yellow'} data-testid="mapping-error">
            {mappingError ?? 'No column is set to “Phone” yet.'}
          </Alert>
        )}
        <ImportOptionsFields form={form} />
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="space-between">
          <Button variant="default" onClick={onBack}>
            Choose another file
          </Button>
          <Button type="submit" loading={start.isPending}>
            Start import
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
