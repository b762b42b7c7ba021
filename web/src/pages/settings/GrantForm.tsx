import { Alert, Anchor, Button, Checkbox, Chip, Group, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { get, patch, post } from '../../api';
import { applyServerError } from '../../forms';
import type { Page } from '../../types';
import type { PhoneNumber } from '../inbox/inboxTypes';
import { DAYS, GRANTS_KEY, MASKABLE, PERMISSIONS, usePartnerDirectory, type PartnerGrant } from '../partners/partnersApi';

interface Values {
  partnerId: string;
  numberIds: string[];
  permissions: string[];
  maskedFields: string[];
  expiresOn: string;
  limitHours: boolean;
  days: string[];
  from: string;
  to: string;
}

const valuesOf = (g?: PartnerGrant): Values => ({
  partnerId: g?.partner.id ?? '',
  numberIds: g?.numberIds ?? [],
  permissions: g?.permissions ?? ['reply', 'notes'],
  maskedFields: g?.maskedFields ?? ['email'],
  expiresOn: g?.expiresAt ? g.expiresAt.slice(0, 10) : '',
  limitHours: !!g?.hours?.length,
  days: (g?.hours?.[0]?.days ?? [1, 2, 3, 4, 5]).map(String),
  from: g?.hours?.[0]?.from ?? '09:00',
  to: g?.hours?.[0]?.to ?? '17:00',
});

/** Create a grant to a partner, or change one (applies on the partner's next request). */
export function GrantForm({ grant, onDone }: { grant?: PartnerGrant; onDone: () => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const partners = usePartnerDirectory();
  const [newPartner, setNewPartner] = useState(false);
  const known = (partners.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  const numbers = useQuery({ queryKey: ['numbers'], queryFn: () => get<Page<PhoneNumber>>('/v1/numbers') });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: valuesOf(grant),
    validate: {
      partnerId: (v) => (v.trim() ? null : 'Choose a partner, or enter the partner ID they gave you'),
      numberIds: (v) => (v.length ? null : 'Choose at least one number'),
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        numberIds: v.numberIds,
        permissions: v.permissions,
        maskedFields: v.maskedFields,
        expiresAt: v.expiresOn ? new Date(`${v.expiresOn}T23:59:59`).toISOString() : null,
        hours: v.limitHours ? [{ days: v.days.map(Number).sort(), from: v.from, to: v.to }] : null,
      };
      return grant ? patch(`/v1/partner-grants/${encodeURIComponent(grant.id)}`, body) : post('/v1/partner-grants', { partnerId: v.partnerId.trim(), ...body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: GRANTS_KEY });
      void qc.invalidateQueries({ queryKey: ['partners'] });
      onDone();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  return (
    <form noValidate onSubmit={form.onSubmit((v) => { setError(null); save.mutate(v); })}>
      <Stack>
        {error && <Alert color="red">{error}</Alert>}
        {/* The partners this account works with; a new one is named by the partner ID it gave (no directory of every partner). */}
        {known.length > 0 && !newPartner ? (
          <Select
            label="Partner"
            placeholder="Choose an outsourcing partner"
            searchable
            disabled={!!grant}
            data={known}
            {...form.getInputProps('partnerId')}
            data-testid="grant-partner"
          />
        ) : (
          <TextInput
            label="Partner ID"
            description="The partner ID your outsourcing partner gave you (their managers find it on their Partner desk)"
            placeholder="acct_…"
            disabled={!!grant}
            {...form.getInputProps('partnerId')}
            data-testid="grant-partner-id"
          />
        )}
        {!grant && known.length > 0 && (
          <Anchor component="button" type="button" size="xs" onClick={() => { setNewPartner(!newPartner); form.setFieldValue('partnerId', ''); }} data-testid="grant-partner-toggle">
            {newPartner ? 'Choose a partner you work with' : 'A new partner: enter their partner ID'}
          </Anchor>
        )}
        <MultiSelect
          label="Numbers"
          description="The partner's agents see and work only the conversations on these numbers"
          data={(numbers.data?.data ?? []).map((n) => ({ value: n.id, label: n.phoneNumber }))}
          {...form.getInputProps('numberIds')}
          data-testid="grant-numbers"
        />
        <Checkbox.Group label="They may" description="Reading the conversations comes with every grant. Exports, bulk downloads, consent evidence and settings never do." {...form.getInputProps('permissions')}>
          <Group mt={6}>{PERMISSIONS.map((p) => <Checkbox key={p.value} value={p.value} label={p.label} />)}</Group>
        </Checkbox.Group>
        <Checkbox.Group label="Hide these contact fields" {...form.getInputProps('maskedFields')}>
          <Group mt={6}>{MASKABLE.map((m) => <Checkbox key={m.value} value={m.value} label={m.label} />)}</Group>
        </Checkbox.Group>
        <Checkbox label="Only during set hours (in this account's time zone)" {...form.getInputProps('limitHours', { type: 'checkbox' })} />
        {form.values.limitHours && (
          <Stack gap="xs">
            <Chip.Group multiple {...form.getInputProps('days')}>
              <Group gap={4}>{DAYS.map((d, i) => <Chip key={d} value={String(i + 1)} size="xs">{d}</Chip>)}</Group>
            </Chip.Group>
            <Group grow>
              <TextInput label="From" type="time" {...form.getInputProps('from')} />
              <TextInput label="To" type="time" {...form.getInputProps('to')} />
            </Group>
          </Stack>
        )}
        <TextInput label="Expires on" description="Leave empty for no end date" type="date" {...form.getInputProps('expiresOn')} />
        <Text size="xs" c="dimmed">Changes apply at once: the partner's next request sees them.</Text>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="grant-save">{grant ? 'Save changes' : 'Grant access'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
