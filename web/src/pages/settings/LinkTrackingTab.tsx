import { Alert, Button, Code, Group, Loader, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage, get, patch } from '../../api';
import type { components } from '../../api-types.gen';
import { canManageTeam, useSession } from '../../auth';
import { applyServerError } from '../../forms';

type LinkSettings = components['schemas']['LinkSettings'];
type Values = { trackLinks: boolean; trackClickIp: boolean; shortLinkDomain: string };

export const LINK_SETTINGS_KEY = ['link-settings'] as const;
const toValues = (s: LinkSettings): Values => ({ trackLinks: s.trackLinks, trackClickIp: s.trackClickIp, shortLinkDomain: s.shortLinkDomain ?? '' });

/** Settings → Link tracking: shorten and count campaign links, an own short-link domain, keeping clickers' IPs. */
export function LinkTrackingTab() {
  const { user } = useSession();
  const editable = canManageTeam(user.role);
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const settings = useQuery({ queryKey: LINK_SETTINGS_KEY, queryFn: () => get<LinkSettings>('/v1/links/settings') });
  const form = useForm<Values>({ mode: 'controlled', initialValues: { trackLinks: true, trackClickIp: false, shortLinkDomain: '' } });

  useEffect(() => {
    if (settings.data) {
      form.setValues(toValues(settings.data));
      form.resetDirty(toValues(settings.data));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings.data]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      patch<LinkSettings>('/v1/links/settings', { trackLinks: v.trackLinks, trackClickIp: v.trackClickIp, shortLinkDomain: v.shortLinkDomain.trim() || null }),
    onSuccess: (s) => {
      qc.setQueryData(LINK_SETTINGS_KEY, s);
      notifications.show({ color: 'green', message: 'Link tracking saved' });
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  if (settings.isPending) return <Loader size="sm" />;
  if (settings.isError) return <Alert color="red">{errorMessage(settings.error)}</Alert>;
  const example = `${settings.data.shortLinkBaseUrl}/Xy7Kp2Qm9Rt4`;

  return (
    <Paper withBorder p="lg" maw={720}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setError(null);
          save.mutate(v);
        })}
      >
        <Stack>
          {!editable && <Alert color="gray">Only the owner or an admin can change link tracking.</Alert>}
          {error && <Alert color="red">{error}</Alert>}
          <Switch
            label="Shorten and track links in campaigns"
            description="Each recipient gets their own short link, so clicks are counted per person. A campaign can turn this off for itself."
            disabled={!editable}
            {...form.getInputProps('trackLinks', { type: 'checkbox' })}
          />
          <Text size="sm" c="dimmed">
            Short links look like <Code>{example}</Code>
          </Text>
          <TextInput
            label="Your own short-link domain"
            description="Optional, e.g. go.example.com. Point its DNS at this server first; leave empty to use the platform's domain."
            placeholder="go.example.com"
            readOnly={!editable}
            {...form.getInputProps('shortLinkDomain')}
          />
          <Switch
            label="Keep the IP address of each click"
            description="Off by default: a click keeps only its time and browser."
            disabled={!editable}
            {...form.getInputProps('trackClickIp', { type: 'checkbox' })}
          />
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                Save
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
