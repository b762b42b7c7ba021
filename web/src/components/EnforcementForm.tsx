import { Alert, Button, Group, NumberInput, Select, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, post } from '../api';
import { opts } from '../operator';
import { ACTION_LABELS, ENFORCEMENT_ACTIONS, type EnforcementAction } from '../trust-safety';

/** An enforcement decision on an account: the action, a reason (sent to the owner) and, for throttle, the rate. */
export function EnforcementForm({ accountId, onDone }: { accountId: string; onDone?: () => void }) {
  const qc = useQueryClient();
  const [action, setAction] = useState<EnforcementAction>('warn');
  const [reason, setReason] = useState('');
  const [mps, setMps] = useState<number | string>(0.2);
  const act = useMutation({
    mutationFn: () => post<{ state: string }>(`/v1/operator/accounts/${accountId}/enforcement`, { action, reason, ...(action === 'throttle' ? { throttleMps: Number(mps) } : {}) }, opts()),
    onSuccess: () => {
      setReason('');
      void qc.invalidateQueries({ queryKey: ['operator-reviews'] });
      void qc.invalidateQueries({ queryKey: ['operator-trust-safety', accountId] });
      void qc.invalidateQueries({ queryKey: ['operator-account', accountId] });
      onDone?.();
    },
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); act.mutate(); }}>
      <Stack gap="xs">
        {act.isError && <Alert color="red">{errorMessage(act.error)}</Alert>}
        {act.isSuccess && <Alert color="green">Done: the account is now {act.data.state}. The owner was notified.</Alert>}
        <Group align="end">
          <Select label="Action" data={ENFORCEMENT_ACTIONS.map((a) => ({ value: a, label: ACTION_LABELS[a] }))} value={action}
            onChange={(v) => v && setAction(v as EnforcementAction)} allowDeselect={false} w={200} />
          {action === 'throttle' && <NumberInput label="Messages per second" value={mps} onChange={setMps} min={0.01} step={0.1} decimalScale={2} w={180} />}
        </Group>
        <Textarea label="Reason" description="Sent to the account owner by email and in the app; kept in both audit logs" value={reason}
          onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} required />
        <Group>
          <Button type="submit" color={action === 'reinstate' ? 'green' : action === 'warn' ? 'yellow' : 'red'} loading={act.isPending} disabled={!reason.trim()}>
            {ACTION_LABELS[action]}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
