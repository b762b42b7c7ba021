import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { keyLabel, useInboxShortcut, useRegisteredShortcuts } from './shortcuts';

/** "?" opens a list of every registered inbox shortcut, by group. Mounted once by the inbox page. */
export function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  const all = useRegisteredShortcuts();
  useInboxShortcut('?', () => setOpen((o) => !o), { description: 'Show keyboard shortcuts', group: 'Help' });
  const seen = new Set<string>();
  const rows = all.filter((s) => s.key !== 'Escape' && !seen.has(s.key) && seen.add(s.key));
  const groups = [...new Set(rows.map((s) => s.group))];
  return (
    <Modal opened={open} onClose={() => setOpen(false)} title="Keyboard shortcuts" size="md" data-testid="shortcut-help">
      <Stack gap="md">
        {groups.map((g) => (
          <Stack key={g} gap={4}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed">
              {g}
            </Text>
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {rows
                  .filter((s) => s.group === g)
                  .map((s) => (
                    <Table.Tr key={s.id} data-testid="shortcut-row">
                      <Table.Td w={60}>
                        <Kbd>{keyLabel(s.key)}</Kbd>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          <Text size="sm" c={s.enabled ? undefined : 'dimmed'}>
                            {s.description}
                          </Text>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
      </Stack>
    </Modal>
  );
}
