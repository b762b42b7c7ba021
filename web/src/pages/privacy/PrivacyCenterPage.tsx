import { Anchor, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import type { Role } from '../../types';

interface Part {
  to: string;
  title: string;
  text: string;
  /** Who may open it (everyone when unset). */
  roles?: Role[];
}

const ADMIN_UP: Role[] = ['owner', 'admin'];

/** The privacy center's parts, each done on its own page. */
const PARTS: Part[] = [
  { to: '/privacy-requests', title: 'Data requests', text: 'Your customers’ requests for a copy, a correction or deletion of their data, with their legal deadlines.', roles: ADMIN_UP },
  { to: '/settings/data-export', title: 'Data export', text: 'A ZIP of the whole account’s data, or one person’s.', roles: ADMIN_UP },
  { to: '/settings/retention', title: 'Data retention', text: 'How long your data is kept before it is deleted.', roles: ADMIN_UP },
  { to: '/settings/account', title: 'Account deletion', text: 'Delete the business and all its data, with a grace period and a certificate.', roles: ['owner'] },
  { to: '/audit', title: 'Audit log', text: 'Every sign-in, change and read of personal data by your team, verifiable.', roles: ['owner'] },
  { to: '/settings/security', title: 'Sessions and devices', text: 'Where you are signed in, and your sign-in history.' },
  { to: '/settings/subprocessors', title: 'Sub-processors', text: 'The services that process your data for West Message.' },
];

/** /privacy: the front page of the privacy center, linking to the page of each part. */
export function PrivacyCenterPage() {
  const { user } = useSession();
  const parts = PARTS.filter((p) => !p.roles || p.roles.includes(user.role));
  return (
    <>
      <PageHeader title="Privacy" description="Your customers’ data: their requests, exports, how long it is kept, and who read it. Consent records are on each contact’s page." />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="privacy-center">
        {parts.map((p) => (
          <Paper key={p.to} withBorder p="lg">
            <Stack gap={4}>
              <Anchor component={Link} to={p.to} fw={600}>
                {p.title}
              </Anchor>
              <Text size="sm" c="dimmed">
                {p.text}
              </Text>
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
      {parts.length < PARTS.length && (
        <Text size="sm" c="dimmed" mt="lg">
          Data requests, exports, retention and account deletion are handled by the owner and admins.
        </Text>
      )}
    </>
  );
}
