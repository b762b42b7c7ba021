import { Badge, Group, Paper, Select, Table, Text } from '@mantine/core';
import type { CustomField } from '../contactTypes';
import { examples, SKIP, targetOptions, type ColumnTarget } from './importMapping';

/** One row per column of the file: its name, example values and what it imports as. */
export function MappingTable({
  headers,
  sampleRows,
  targets,
  fields,
  onChange,
}: {
  headers: string[];
  sampleRows: string[][];
  targets: ColumnTarget[];
  fields: CustomField[];
  onChange: (column: number, target: ColumnTarget) => void;
}) {
  const options = targetOptions(fields);
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" data-testid="mapping-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column in your file</Table.Th>
              <Table.Th>Examples</Table.Th>
              <Table.Th w={240}>Import as</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {headers.map((h, i) => {
              const name = h || `Column ${i + 1}`;
              const skipped = targets[i] === SKIP;
              return (
                <Table.Tr key={i} data-testid="mapping-row" style={skipped ? { opacity: 0.65 } : undefined}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {examples(sampleRows, i).map((v) => (
                        <Badge key={v} variant="light" color="gray" tt="none" radius="sm" fw={400}>
                          {v}
                        </Badge>
                      ))}
                      {examples(sampleRows, i).length === 0 && (
                        <Text size="xs" c="dimmed">
                          (empty)
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Import ${name} as`}
                      data={options}
                      value={targets[i] ?? SKIP}
                      onChange={(v) => onChange(i, v ?? SKIP)}
                      allowDeselect={false}
                      size="sm"
                      maxDropdownHeight={320}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
