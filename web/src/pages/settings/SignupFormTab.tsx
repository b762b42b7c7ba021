import { Alert, Anchor, Button, Code, Group, Image, Loader, Paper, SegmentedControl, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api';
import { canAdminContacts, useSession } from '../../auth';
import { applyServerError, required } from '../../forms';
import { formatPhone } from '../contacts/contactsApi';
import { useNumbers } from '../inbox/inboxApi';
import { SIGNUP_FORM_KEY, formQrUrl, useSignupForm, type SignupForm } from './growthApi';

interface Values {
  slug: string; title: string; description: string; consentWording: string; programName: string; frequency: string;
  askName: boolean; confirmBy: 'code' | 'reply'; tags: string[]; numberId: string | null; enabled: boolean; embedOrigins: string[];
}

const defaults = (business: string): Values => ({
  slug: business.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'join',
  title: `Get texts from ${business}`,
  description: '',
  consentWording: `Yes, I agree to receive recurring marketing texts from ${business} at the number provided. Consent is not a condition of purchase. Msg & data rates may apply. Reply HELP for help, STOP to opt out.`,
  programName: 'Updates',
  frequency: 'Up to 4 msgs/month',
  askName: true,
  confirmBy: 'code',
  tags: [],
  numberId: null,
  enabled: true,
  embedOrigins: [],
});

const toValues = (f: SignupForm): Values => ({
  slug: f.slug, title: f.title, description: f.description ?? '', consentWording: f.consentWording, programName: f.programName, frequency: f.frequency,
  askName: f.askName, confirmBy: f.confirmBy, tags: f.tags, numberId: f.numberId, enabled: f.enabled, embedOrigins: f.embedOrigins,
});

function FormShare({ form }: { form: SignupForm }) {
  return (
    <Paper withBorder p="lg">
      <Group align="flex-start" wrap="nowrap" gap="xl">
        <Image src={formQrUrl(form)} alt="QR code of the sign-up form" w={180} h={180} data-testid="signup-form-qr" />
        <Stack gap="xs">
          <Title order={4}>Share the form</Title>
          <Text size="sm">
            Public page (version {form.version}){form.enabled ? '' : ' — turned off'}:{' '}
            <Anchor href={form.url} target="_blank" rel="noreferrer" data-testid="signup-form-url">{form.url}</Anchor>
          </Text>
          <Text size="sm">Embed it on your site:</Text>
          <Code block>{`<iframe src="${form.url}" width="100%" height="560" style="border:0"></iframe>`}</Code>
          <Button component="a" href={formQrUrl(form)} download="signup-form-qr.svg" variant="light" w="fit-content">Download QR code</Button>
        </Stack>
      </Group>
    </Paper>
  );
}

export function SignupFormTab() {
  const { user, account } = useSession();
  const admin = canAdminContacts(user.role);
  const qc = useQueryClient();
  const current = useSignupForm();
  const numbers = useNumbers();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: defaults(account.name),
    validate: { slug: required('Address'), title: required('Title'), consentWording: required('Consent wording'), programName: required('Program name'), frequency: required('Message frequency') },
  });
  const loaded = current.data;
  useEffect(() => {
    if (loaded) form.setValues(toValues(loaded));
    // Only when the saved form changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded?.version]);

  const save = useMutation({
    mutationFn: (v: Values) => api<SignupForm>('/v1/signup-form', { method: 'PUT', body: { ...v, description: v.description.trim() || null, numberId: v.numberId || null } }),
    onSuccess: (f) => {
      qc.setQueryData(SIGNUP_FORM_KEY, f);
      notifications.show({ color: 'green', message: `Sign-up form saved (version ${f.version})` });
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  if (current.isPending) return <Loader size="sm" aria-label="Loading the sign-up form" />;
  if (current.isError) return <Alert color="red">{errorMessage(current.error)}</Alert>;
  const numberOptions = (numbers.data?.data ?? []).map((n) => ({ value: n.id, label: formatPhone(n.phoneNumber) }));
  return (
    <Stack gap="xl" maw={900}>
      {loaded && <FormShare form={loaded} />}
      <Paper withBorder p="lg">
        <form noValidate onSubmit={form.onSubmit((v) => { setError(null); save.mutate(v); })}>
          <Stack>
            <Title order={4}>{loaded ? 'Sign-up form' : 'Create your sign-up form'}</Title>
            <Text size="sm" c="dimmed">A public page where customers enter their mobile number and agree to your texts. Every sign-up keeps the exact wording, time, IP address, browser and form version as evidence.</Text>
            {!admin && <Alert color="gray">Only the owner or an admin can change the sign-up form.</Alert>}
            {error && <Alert color="red">{error}</Alert>}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Address" description="/join/<address>" readOnly={!admin} {...form.getInputProps('slug')} />
              <TextInput label="Title" readOnly={!admin} {...form.getInputProps('title')} />
            </SimpleGrid>
            <TextInput label="Description (optional)" readOnly={!admin} {...form.getInputProps('description')} />
            <Textarea label="Consent wording" description="Shown beside the checkbox, word for word" autosize minRows={3} readOnly={!admin} {...form.getInputProps('consentWording')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Program name" readOnly={!admin} {...form.getInputProps('programName')} />
              <TextInput label="Message frequency" readOnly={!admin} {...form.getInputProps('frequency')} />
            </SimpleGrid>
            <Stack gap={4}>
              <Text size="sm" fw={500}>Confirmation</Text>
              <SegmentedControl readOnly={!admin} data={[{ value: 'code', label: 'Code texted to the phone' }, { value: 'reply', label: 'Reply Y by text' }]} {...form.getInputProps('confirmBy')} />
            </Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label="Texts come from" placeholder="Your first number" clearable data={numberOptions} readOnly={!admin} {...form.getInputProps('numberId')} />
              <TagsInput label="Tags to add" readOnly={!admin} {...form.getInputProps('tags')} />
            </SimpleGrid>
            <TagsInput label="Sites allowed to embed the form" description="Origins such as https://example.com; empty: any site" readOnly={!admin} {...form.getInputProps('embedOrigins')} />
            <Switch label="Ask for a name (optional for the person; the mobile number is always required)" disabled={!admin} {...form.getInputProps('askName', { type: 'checkbox' })} />
            <Switch label="Form is live" disabled={!admin} {...form.getInputProps('enabled', { type: 'checkbox' })} />
            {admin && (
              <Group>
                <Button type="submit" loading={save.isPending}>Save form</Button>
              </Group>
            )}
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
