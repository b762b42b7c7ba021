import { Checkbox, Select, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { CustomField } from '../contactTypes';
import type { ContactValues } from '../contactForm';

/** The input for one custom field, chosen by its type. */
export function CustomFieldInput({ def, form, readOnly }: { def: CustomField; form: UseFormReturnType<ContactValues>; readOnly: boolean }) {
  const path = `fields.${def.key}`;
  switch (def.type) {
    case 'boolean':
      return <Checkbox mt="xs" label={def.label} disabled={readOnly} {...form.getInputProps(path, { type: 'checkbox' })} />;
    case 'choice':
      return (
        <Select
          label={def.label}
          data={def.choices}
          clearable
          readOnly={readOnly}
          {...form.getInputProps(path)}
          value={(form.values.fields[def.key] as string) || null}
          onChange={(v) => form.setFieldValue(path, v ?? '')}
        />
      );
    case 'date':
      return <TextInput label={def.label} type="date" readOnly={readOnly} {...form.getInputProps(path)} />;
    case 'number':
      return <TextInput label={def.label} inputMode="decimal" readOnly={readOnly} {...form.getInputProps(path)} />;
    default:
      return <TextInput label={def.label} readOnly={readOnly} {...form.getInputProps(path)} />;
  }
}
