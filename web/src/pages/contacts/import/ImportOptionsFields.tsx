import { Checkbox, Paper, Radio, Select, SimpleGrid, Stack, TagsInput, Textarea, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { COUNTRY_OPTIONS } from '../contactsApi';

export interface OptionValues {
  defaultCountry: string;
  tags: string[];
  existing: 'update' | 'skip';
  basis: '' | 'consented' | 'unknown';
  description: string;
  skipLandlines: boolean;
}

export function ImportOptionsFields({ form }: { form: UseFormReturnType<OptionValues> }) {
  return (
    <Paper withBorder p="lg">
      <Stack>
        <Title order={4}>Options</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Default country"
            description="For numbers written without a country code"
            data={COUNTRY_OPTIONS}
            searchable
            allowDeselect={false}
            {...form.getInputProps('defaultCountry')}
          />
          <TagsInput
            label="Tag everyone"
            description="Added to every contact in this file"
            placeholder="e.g. spring-2025"
            {...form.getInputProps('tags')}
          />
        </SimpleGrid>
        <Radio.Group label="Contacts already in West Message" {...form.getInputProps('existing')}>
          <Stack gap="xs" mt="xs">
            <Radio value="update" label="Update" description="Fill in names, emails, tags and fields from the file" />
            <Radio value="skip" label="Skip" description="Leave existing contacts exactly as they are" />
          </Stack>
        </Radio.Group>
        <Radio.Group label="Consent" withAsterisk {...form.getInputProps('basis')}>
          <Stack gap="xs" mt="xs">
            <Radio
              value="consented"
              label="These people gave consent to receive texts"
              description="Your description is kept as evidence with each contact"
            />
            <Radio value="unknown" label="Consent unknown — they will not receive marketing" description="You can record consent later, one by one" />
          </Stack>
        </Radio.Group>
        {form.values.basis === 'consented' && (
          <Textarea
            label="How did they consent?"
            placeholder="e.g. They ticked “Text me offers” on our paper sign-up form at the front desk between 2023 and 2025."
            withAsterisk
            autosize
            minRows={2}
            {...form.getInputProps('description')}
          />
        )}
        <Checkbox
          label="Skip landlines"
          description="Landline numbers can’t receive texts"
          {...form.getInputProps('skipLandlines', { type: 'checkbox' })}
        />
      </Stack>
    </Paper>
  );
}
