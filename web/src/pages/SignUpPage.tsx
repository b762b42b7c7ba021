import { Alert, Anchor, Autocomplete, Button, Checkbox, Divider, Loader, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, post } from '../api';
import { AuthLayout } from '../components/AuthLayout';
import { applyServerError, optional, required } from '../forms';
import { INDUSTRIES, usePolicies } from '../policies';

const initialValues = {
  businessName: '',
  legalName: '',
  website: '',
  industry: '',
  address: '',
  ownerName: '',
  email: '',
  phone: '',
  password: '',
  attestConsent: false,
  acceptTerms: false,
};
type Values = typeof initialValues;

const FIELD_MAP: Record<string, string> = {
  'business.name': 'businessName',
  'business.legalName': 'legalName',
  'business.website': 'website',
  'business.industry': 'industry',
  'business.address': 'address',
  'owner.name': 'ownerName',
  'owner.email': 'email',
  'owner.phone': 'phone',
  'owner.password': 'password',
};

const CODE_MAP: Record<string, string> = {
  weak_password: 'password',
  invalid_phone: 'phone',
  consent_attestation_required: 'attestConsent',
  terms_acceptance_required: 'acceptTerms',
  disposable_email: 'email',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function toBody(v: Values) {
  return {
    business: {
      name: v.businessName.trim(),
      legalName: optional(v.legalName),
      website: optional(v.website),
      industry: optional(v.industry),
      address: optional(v.address),
    },
    owner: { name: v.ownerName.trim(), email: v.email.trim(), phone: v.phone.trim(), password: v.password },
    attestConsent: v.attestConsent,
    acceptTerms: v.acceptTerms,
  };
}

/** After the submit: the same answer for every address; the account exists once the emailed link is opened. */
function CheckYourEmail({ email, onBack }: { email: string; onBack: () => void }) {
  return (
    <AuthLayout title="Check your email" footer={<Anchor component={Link} to="/signin" size="sm">Back to sign in</Anchor>}>
      <Stack data-testid="signup-sent">
        <Text>
          We sent a link to <b>{email}</b>. Open it within 24 hours to create your account.
        </Text>
        <Text size="sm" c="dimmed">
          No email? Check your spam folder, or{' '}
          <Anchor component="button" type="button" onClick={onBack} inherit>
            sign up again
          </Anchor>
          . If this address already has a West Message login, the email tells you how to add this business to it.
        </Text>
      </Stack>
    </AuthLayout>
  );
}

export function SignUpPage() {
  const policies = usePolicies();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues,
    validate: {
      businessName: required('Business name'),
      ownerName: required('Your name'),
      email: (v) => required('Email')(v) ?? (EMAIL.test(v.trim()) ? null : 'Enter a valid email address'),
      phone: (v) => required('Mobile phone')(v) ?? ((v.match(/\d/g)?.length ?? 0) >= 7 ? null : 'Enter a valid phone number, e.g. +1 415 555 0100'),
      password: (v) => required('Password')(v) ?? (v.length >= 12 ? null : 'Use at least 12 characters'),
      attestConsent: (v) => (v ? null : "Confirm that your customers agreed to receive your texts"),
      acceptTerms: (v) => (v ? null : 'Accept the Terms of Service and the Privacy Policy'),
    },
  });

  const signup = useMutation({
    mutationFn: (v: Values) => post<{ ok: true }>('/v1/auth/signup', toBody(v), { ignoreUnauthorized: true }),
    onSuccess: (_res, v) => setSentTo(v.email.trim()),
    onError: (e) => setFormError(applyServerError(form, e, FIELD_MAP, CODE_MAP)),
  });

  if (sentTo) return <CheckYourEmail email={sentTo} onBack={() => setSentTo(null)} />;

  const termsUrl = policies.data?.terms.url ?? '/legal/terms';
  const privacyUrl = policies.data?.privacy.url ?? '/legal/privacy';

  return (
    <AuthLayout
      title="Create your account"
      subtitle="Start texting your customers with West Message."
      width={600}
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to="/signin" size="sm">
            Sign in
          </Anchor>
        </>
      }
    >
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          signup.mutate(v);
        })}
      >
        <Stack>
          {formError && (
            <Alert color="red" data-testid="form-error">
              {formError}
            </Alert>
          )}
          <Title order={4}>Your business</Title>
          <TextInput label="Business name" withAsterisk autoComplete="organization" {...form.getInputProps('businessName')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Legal name" description="If different from the business name" {...form.getInputProps('legalName')} />
            <TextInput label="Website" placeholder="https://example.com" autoComplete="url" {...form.getInputProps('website')} />
          </SimpleGrid>
          <Autocomplete label="Industry" placeholder="Choose or type an industry" data={INDUSTRIES} {...form.getInputProps('industry')} />
          <TextInput label="Address" autoComplete="street-address" {...form.getInputProps('address')} />

          <Divider my="xs" />
          <Title order={4}>Account owner</Title>
          <TextInput label="Your name" withAsterisk autoComplete="name" {...form.getInputProps('ownerName')} />
          <TextInput label="Email" type="email" withAsterisk autoComplete="email" {...form.getInputProps('email')} />
          <TextInput
            label="Mobile phone"
            type="tel"
            withAsterisk
            autoComplete="tel"
            description="International format, e.g. +1 415 555 0100"
            {...form.getInputProps('phone')}
          />
          <PasswordInput
            label="Password"
            withAsterisk
            autoComplete="new-password"
            description="At least 12 characters"
            {...form.getInputProps('password')}
          />

          <Divider my="xs" />
          {policies.isPending && <Loader size="sm" aria-label="Loading policies" />}
          {policies.isError && (
            <Alert color="red" title="Could not load the consent statement">
              {errorMessage(policies.error)}{' '}
              <Anchor component="button" type="button" onClick={() => void policies.refetch()}>
                Try again
              </Anchor>
            </Alert>
          )}
          {policies.data && (
            <Checkbox
              label={policies.data.attestationText}
              {...form.getInputProps('attestConsent', { type: 'checkbox' })}
            />
          )}
          <Checkbox
            label={
              <>
                I accept the{' '}
                <Anchor href={termsUrl} target="_blank" rel="noopener noreferrer" inherit>
                  Terms of Service
                </Anchor>{' '}
                and{' '}
                <Anchor href={privacyUrl} target="_blank" rel="noopener noreferrer" inherit>
                  Privacy Policy
                </Anchor>
              </>
            }
            {...form.getInputProps('acceptTerms', { type: 'checkbox' })}
          />
          <Button type="submit" loading={signup.isPending} disabled={!policies.data} fullWidth mt="sm">
            Create account
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
