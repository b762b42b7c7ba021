import { Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { ContactsIcon } from '../../components/icons';

export function ContactsEmptyState({ canImport, canAdd, onAdd }: { canImport: boolean; canAdd: boolean; onAdd: () => void }) {
  return (
    <Paper withBorder p="xl" maw={640} data-testid="contacts-empty">
      <Stack gap="sm" align="flex-start">
        <ThemeIcon size={44} radius="xl" variant="light">
          <ContactsIcon size={24} />
        </ThemeIcon>
        <Title order={4}>No contacts yet</Title>
        <Text>
          Bring your customer list over from a spreadsheet or your CRM: upload a CSV file, match its columns, and tell us
          how these people agreed to hear from you. Numbers in any format are fine.
        </Text>
        {!canImport && !canAdd && (
          <Text size="sm" c="dimmed">
            An admin can import contacts for your team.
          </Text>
        )}
        <Group mt="xs">
          {canImport && (
            <Button component={Link} to="/contacts/import">
              Import contacts
            </Button>
          )}
          {canAdd && (
            <Button variant="default" onClick={onAdd}>
              Add one contact
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
