import { Alert, Button, Loader, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type DragEvent } from 'react';
import { errorMessage, upload } from '../../../api';
import type { ImportPreview } from '../contactTypes';

/** Step 1: choose or drop a file; it is uploaded and previewed at once. */
export function UploadStep({ onPreview }: { onPreview: (p: ImportPreview) => void }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const preview = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<ImportPreview>('/v1/imports/preview', form);
    },
    onSuccess: onPreview,
  });

  const pick = (files: FileList | null) => {
    const file = files?.[0];
    if (file) preview.mutate(file);
    if (input.current) input.current.value = '';
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files);
  };

  return (
    <Stack maw={720}>
      <Paper
        withBorder
        p="xl"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-dropzone"
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: dragging ? 'var(--mantine-color-west-6)' : 'var(--mantine-color-gray-4)',
          background: dragging ? 'var(--mantine-color-west-0)' : undefined,
        }}
      >
        <Stack align="center" gap="xs" py="lg">
          {preview.isPending ? (
            <>
              <Loader aria-label="Uploading" />
              <Text size="sm" c="dimmed">
                Uploading and reading {preview.variables?.name}…
              </Text>
            </>
          ) : (
            <>
              <Text fw={600} size="lg">
                Drop your CSV file here
              </Text>
              <Text size="sm" c="dimmed">
                or
              </Text>
              <Button component="label" htmlFor={inputId}>
                Choose a file
              </Button>
            </>
          )}
          <VisuallyHidden>
            <input
              ref={input}
              id={inputId}
              type="file"
              aria-label="CSV file"
              accept=".csv,.tsv,.txt,text/csv,text/plain"
              onChange={(e) => pick(e.currentTarget.files)}
            />
          </VisuallyHidden>
        </Stack>
      </Paper>
      {preview.isError && (
        <Alert color="red" title="We couldn’t read that file" data-testid="upload-error">
          {errorMessage(preview.error)}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        Export your list from Excel, Google Sheets or your CRM as a CSV file. The first row should hold the column names.
        Phone numbers can be in any format; you’ll match the columns on the next step.
      </Text>
    </Stack>
  );
}
