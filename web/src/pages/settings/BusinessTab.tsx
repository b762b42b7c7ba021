import { Alert, Autocomplete, Button, Group, Paper, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch } from '../../api';
import { canManageTeam, ME_KEY, useSession } from '../../auth';
import { applyServerError, required } from '../../forms';
import { INDUSTRIES } from '../../policies';
import type { Account, Me } from '../../types';
import { PrivacyPageLink } from '../privacy/PrivacyPageLink';
import { DestinationsCard } from './DestinationsCard';

const KEYS = ['name', 'legalName', 'website', 'industry', 'address'] as const;
type Key = (typeof KEYS)[number];
type Values = Record<Key, string>;

const toValues = (a: Account): Values => ({
  name: a.name,
  legalName: a.legalName ?? '',
  website: a.website ?? '',
  industry: a.industry ?? '',
  address: a.address ?? '',
});

/** Only changed fields; a cleared optional field is sent as null. */
function changes(a: Account, v: Values): Partial<Record<Key, string | null>> {
  const before = toValues(a);
  const body: Partial<Record<Key, string | null>> = {};
  for (const k of KEYS) {
    const next = v[k].trim();
    if (next !== before[k]) body[k] = next === '' && k !== 'name' ? null : next;
  }
  return body;
}

export function BusinessTab() {
  const { account, user } = useSession();
  const editable = canManageTeam(user.role);
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: toValues(account),
    validate: { name: required('Business name') },
  });

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof changes>) => patch<{ account: Account }>('/v1/account', body),
    onSuccess: (res) => {
      qc.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, account: { ...old.account, ...res.account } } : old));
      form.resetDirty(toValues(res.account));
      notifications.show({ color: 'green', message: 'Business details saved' });
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  return (
    <>
    <Paper withBorder p="lg" maw={720}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          save.mutate(changes(account, v));
        })}
      >
        <Stack>
          {!editable && (
            <Alert color="gray">Only the owner or an admin can change the business details.</Alert>
          )}
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label="Business name" readOnly={!editable} {...form.getInputProps('name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Legal name" readOnly={!editable} {...form.getInputProps('legalName')} />
            <TextInput label="Website" placeholder="https://example.com" readOnly={!editable} {...form.getInputProps('website')} />
          </SimpleGrid>
          <Autocomplete label="Industry" data={INDUSTRIES} readOnly={!editable} {...form.getInputProps('industry')} />
          <TextInput label="Address" readOnly={!editable} {...form.getInputProps('address')} />
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
    <DestinationsCard />
    {editable && <PrivacyPageLink />}
    </>
  );
}
