import { Alert, Button, Group, Loader, Paper, Stack, TagsInput, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage, get } from '../../api';
import type { components } from '../../api-types.gen';
import { canManageTeam, useSession } from '../../auth';

type Destinations = components['schemas']['Destinations'];
const KEY = ['account-destinations'];

/**
 * Settings → Business → Destinations (fraud at the door): texts go only to the account's own
 * country until an owner or admin allows more (GET/PUT /v1/account/destinations).
 */
export function DestinationsCard() {
  const { user } = useSession();
  const editable = canManageTeam(user.role);
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => get<Destinations>('/v1/account/destinations') });
  const [countries, setCountries] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (q.data) setCountries(q.data.allowedCountries); }, [q.data]);
  const save = useMutation({
    mutationFn: (allowedCountries: string[]) => api<Destinations>('/v1/account/destinations', { method: 'PUT', body: { allowedCountries } }),
    onSuccess: (d) => {
      qc.setQueryData(KEY, d);
      setError(null);
      notifications.show({ color: 'green', message: 'Destination countries saved' });
    },
    onError: (e) => setError(errorMessage(e)),
  });
  if (q.isLoading || !q.data) return <Loader size="sm" />;
  return (
    <Paper withBorder p="lg" maw={720} mt="lg">
      <Stack>
        <Title order={4}>Destination countries</Title>
        <Text size="sm" c="dimmed">
          Texts go to numbers in {q.data.homeCountry} (the account's country). Any other country is refused until it is allowed here —
          a guard against fraud that texts expensive destinations abroad. Campaigns skip contacts in other countries.
        </Text>
        {error && <Alert color="red">{error}</Alert>}
        <TagsInput
          label="Also allowed (two-letter country codes)"
          placeholder={editable ? 'e.g. CA, MX' : undefined}
          value={countries}
          onChange={(v) => setCountries(v.map((c) => c.trim().toUpperCase()))}
          readOnly={!editable}
          aria-label="Allowed destination countries"
        />
        <Text size="sm">Texts may go to: {q.data.effectiveCountries.join(', ')}</Text>
        {editable && (
          <Group>
            <Button loading={save.isPending} onClick={() => save.mutate(countries)}>Save destinations</Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
