import { Alert, Anchor, Loader, Stepper } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { canAdminContacts, useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import type { ImportPreview } from './contactTypes';
import { importActive } from './contactsApi';
import { ImportProgressCard } from './import/ImportProgressCard';
import { MappingStep } from './import/MappingStep';
import { UploadStep } from './import/UploadStep';
import { useImport } from './import/useImport';

function ImportProgressStep({ imp, onAnother }: { imp: ReturnType<typeof useImport>; onAnother: () => void }) {
  if (imp.isPending) return <Loader aria-label="Loading import" />;
  if (imp.isError) return <Alert color="red">{errorMessage(imp.error)}</Alert>;
  return <ImportProgressCard imp={imp.data} onAnother={onAnother} />;
}

/** The import wizard: upload → map columns → progress. The running import's id lives in the URL. */
export function ImportPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const importId = params.get('id');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const imp = useImport(importId);
  const finished = imp.data !== undefined && !importActive(imp.data.status);
  const active = importId ? (finished ? 3 : 2) : preview ? 1 : 0;

  const header = (
    <>
      <Anchor component={Link} to="/contacts" size="sm" mb="xs" display="inline-block">
        ← All contacts
      </Anchor>
      <PageHeader
        title="Import contacts"
        description={
          <>
            Add or update contacts from a CSV file. Past imports are in the{' '}
            <Anchor component={Link} to="/contacts/imports" inherit>
              import history
            </Anchor>
            .
          </>
        }
      />
    </>
  );
  if (!canAdminContacts(user.role) && !importId) {
    return (
      <>
        {header}
        <Alert color="yellow">Only an admin or the account owner can import contacts.</Alert>
      </>
    );
  }

  const restart = () => {
    setPreview(null);
    setParams({});
  };

  return (
    <>
      {header}
      <Stepper active={active} allowNextStepsSelect={false} mb="xl" maw={960} size="sm">
        <Stepper.Step label="Upload" description="Choose a CSV file">
          <UploadStep onPreview={setPreview} />
        </Stepper.Step>
        <Stepper.Step label="Map columns" description="Match your columns">
          {preview && <MappingStep preview={preview} onBack={() => setPreview(null)} onStarted={(id) => setParams({ id })} />}
        </Stepper.Step>
        <Stepper.Step label="Import" description="Watch it run">
          {importId && <ImportProgressStep imp={imp} onAnother={restart} />}
        </Stepper.Step>
        <Stepper.Completed>{importId && <ImportProgressStep imp={imp} onAnother={restart} />}</Stepper.Completed>
      </Stepper>
    </>
  );
}
