import { Alert, Button, Group, List, Paper, Stack, Stepper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, errorMessage, post } from '../../api';
import { canLaunchCampaigns, useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { AudienceCountView, AudienceStep, useAudienceCount } from './composer/AudienceStep';
import { campaignBody, audienceChosen, EMPTY_DRAFT, scheduleOf, type Campaign, type Draft } from './composer/draft';
import { MessageStep, PreviewPanel, type SenderType } from './composer/MessageStep';
import { ScheduleStep, senderLabel, useNumbers, usePools } from './composer/ScheduleStep';

/** A refusal with the worst recipient (details.worstCase) or the skipped counts spelled out. */
function refusal(e: unknown): string {
  const base = errorMessage(e);
  if (!(e instanceof ApiError)) return base;
  const w = e.details.worstCase as { segments?: number; encoding?: string } | undefined;
  if (w?.segments) return `${base} The longest text is ${w.segments} segments (${w.encoding}).`;
  return base;
}

function Review({ draft, senderType }: { draft: Draft; senderType: SenderType }) {
  const numbers = useNumbers();
  const pools = usePools();
  const s = scheduleOf(draft);
  const when = !s ? 'As soon as it is launched' : 'at' in s ? new Date(s.at).toLocaleString() : `${s.date} at ${s.localTime} in each recipient's own time zone`;
  return (
    <Stack data-testid="composer-review">
      <Paper withBorder p="md">
        <List spacing={4} size="sm">
          <List.Item><b>Name:</b> {draft.name || '—'}</List.Item>
          <List.Item><b>From:</b> {senderLabel(draft, numbers.data?.data ?? [], pools.data ?? [])}</List.Item>
          <List.Item><b>When:</b> {when}</List.Item>
          {draft.mediaUrls.length > 0 && <List.Item><b>Images:</b> {draft.mediaUrls.length} (MMS)</List.Item>}
        </List>
        <Text size="sm" fw={500} mt="sm">Recipients</Text>
        <AudienceCountView draft={draft} />
      </Paper>
      <PreviewPanel draft={draft} senderType={senderType} />
    </Stack>
  );
}

export function CampaignComposerPage() {
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [step, setStep] = useState(0);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const qc = useQueryClient();
  const navigate = useNavigate();
  const launcher = canLaunchCampaigns(useSession().user.role);
  const numbers = useNumbers();
  const count = useAudienceCount(draft);
  const sender = numbers.data?.data.find((n) => n.id === draft.from) ?? (draft.from ? undefined : numbers.data?.data[0]);
  const senderType = (sender?.type ?? 'long_code') as SenderType;
  const save = useMutation({
    mutationFn: async (launch: boolean) => {
      const c = await post<Campaign>('/v1/campaigns', campaignBody(draft));
      if (!launch) return c;
      try {
        return await post<Campaign>(`/v1/campaigns/${encodeURIComponent(c.id)}/launch`);
      } catch (e) {
        notifications.show({ color: 'yellow', message: 'Saved as a draft; it could not be launched.' });
        throw e;
      }
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['campaigns'] });
      notifications.show({ message: c.status === 'draft' ? 'Draft saved' : c.status === 'scheduled' ? 'Campaign scheduled' : 'Campaign launched' });
      navigate(c.status === 'draft' ? '/campaigns' : `/campaigns/${encodeURIComponent(c.id)}`);
    },
  });
  const canNext = [
    audienceChosen(draft) && (count.data?.eligible ?? 0) > 0,
    !!draft.name.trim() && !!draft.body.trim(),
    draft.schedule === 'now' || !!scheduleOf(draft),
    true,
  ][step];
  return (
    <>
      <PageHeader title="New campaign" description="Text opted-in contacts, each in their own waking hours." actions={<Button component={Link} to="/campaigns" variant="default">Back to campaigns</Button>} />
      <Stepper active={step} onStepClick={setStep} allowNextStepsSelect={false} mb="lg">
        <Stepper.Step label="Audience" description="Who gets it"><AudienceStep draft={draft} set={set} /></Stepper.Step>
        <Stepper.Step label="Message" description="Text and cost"><MessageStep draft={draft} set={set} senderType={senderType} /></Stepper.Step>
        <Stepper.Step label="Schedule" description="Sender and time"><ScheduleStep draft={draft} set={set} /></Stepper.Step>
        <Stepper.Step label="Review" description="Launch"><Review draft={draft} senderType={senderType} /></Stepper.Step>
      </Stepper>
      {save.isError && <Alert color="red" mb="md" data-testid="composer-error">{refusal(save.error)}</Alert>}
      <Group justify="space-between">
        <Button variant="default" onClick={() => setStep((s) => s - 1)} disabled={step === 0}>Back</Button>
        {step < 3 ? (
          <Button onClick={() => setStep((s) => s + 1)} disabled={!canNext}>Next</Button>
        ) : (
          <Group>
            <Button variant="default" loading={save.isPending && save.variables === false} onClick={() => save.mutate(false)}>Save draft</Button>
            {launcher ? (
              <Button loading={save.isPending && save.variables === true} onClick={() => save.mutate(true)}>{scheduleOf(draft) ? 'Schedule' : 'Launch now'}</Button>
            ) : (
              <Text size="sm" c="dimmed" data-testid="launch-by-admin">An owner or admin launches it.</Text>
            )}
          </Group>
        )}
      </Group>
    </>
  );
}
