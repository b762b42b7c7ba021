import { ActionIcon, Autocomplete, Group, Select, TextInput } from '@mantine/core';
import { useTagSuggestions } from '../useTagSuggestions';
import type { ConditionType, CustomField } from '../contactTypes';
import { COUNTRY_OPTIONS } from '../contactsApi';
import {
  CONSENT_OPTIONS, isDays, needsValue, newCondition, opOptions, PHONE_TYPE_OPTIONS, TYPE_OPTIONS, type DraftCondition,
} from './segmentModel';

function ValueInput({ c, field, label, onChange }: { c: DraftCondition; field?: CustomField; label: string; onChange: (v: string) => void }) {
  const select = (data: { value: string; label: string }[] | string[], searchable = false) => (
    <Select aria-label={label} data={data} value={c.value || null} onChange={(v) => onChange(v ?? '')} searchable={searchable} allowDeselect={false} w={200} />
  );
  switch (c.type) {
    case 'consent':
      return select(CONSENT_OPTIONS);
    case 'phone_type':
      return select(PHONE_TYPE_OPTIONS);
    case 'country':
      return select(COUNTRY_OPTIONS, true);
    case 'created_at':
    case 'last_message_at':
      return isDays(c) ? (
        <TextInput aria-label={label} type="number" min={0} value={c.value} onChange={(e) => onChange(e.currentTarget.value)} w={110} rightSection="days" rightSectionWidth={44} />
      ) : (
        <TextInput aria-label={label} type="date" value={c.value} onChange={(e) => onChange(e.currentTarget.value)} w={170} />
      );
    case 'field':
      if (field?.type === 'boolean') return select([{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }]);
      if (field?.type === 'choice') return select(field.choices);
      return (
        <TextInput
          aria-label={label}
          type={field?.type === 'date' ? 'date' : field?.type === 'number' ? 'number' : 'text'}
          value={c.value}
          onChange={(e) => onChange(e.currentTarget.value)}
          w={200}
        />
      );
    default:
      return <TagValueInput label={label} value={c.value} onChange={onChange} />;
  }
}

/** A tag condition's value, with the account's tags as suggestions. */
function TagValueInput({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const tags = useTagSuggestions();
  return <Autocomplete aria-label={label} placeholder="Tag name" data={tags} value={value} onChange={onChange} w={200} limit={20} />;
}

/** One condition: type, (field,) operator and a value input that fits the type. */
export function ConditionRow({
  index,
  condition: c,
  fields,
  readOnly,
  onChange,
  onRemove,
}: {
  index: number;
  condition: DraftCondition;
  fields: CustomField[];
  readOnly: boolean;
  onChange: (c: DraftCondition) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const field = c.type === 'field' ? fields.find((f) => f.key === c.key) : undefined;
  const types = fields.length ? TYPE_OPTIONS : TYPE_OPTIONS.filter((t) => t.value !== 'field');
  const ops = opOptions(c, field);
  return (
    <Group gap="xs" wrap="wrap" data-testid="segment-condition">
      <Select
        aria-label={`Condition ${n} type`}
        data={types}
        value={c.type}
        onChange={(t) => t && onChange(newCondition(t as ConditionType, fields))}
        allowDeselect={false}
        disabled={readOnly}
        w={150}
      />
      {c.type === 'field' && (
        <Select
          aria-label={`Condition ${n} field`}
          data={fields.map((f) => ({ value: f.key, label: f.label }))}
          value={c.key ?? null}
          onChange={(k) => k && onChange({ ...c, key: k, op: 'eq', value: '' })}
          allowDeselect={false}
          disabled={readOnly}
          w={170}
        />
      )}
      <Select
        aria-label={`Condition ${n} operator`}
        data={ops}
        value={ops.some((o) => o.value === c.op) ? c.op : null}
        onChange={(op) => {
          if (!op) return;
          const daysChanged = isDays({ ...c, op }) !== isDays(c);
          onChange({ ...c, op, value: daysChanged ? (isDays({ ...c, op }) ? '30' : '') : c.value });
        }}
        allowDeselect={false}
        disabled={readOnly}
        w={200}
      />
      {needsValue(c) && !readOnly && <ValueInput c={c} field={field} label={`Condition ${n} value`} onChange={(value) => onChange({ ...c, value })} />}
      {needsValue(c) && readOnly && <TextInput aria-label={`Condition ${n} value`} value={c.value} readOnly w={200} />}
      {!readOnly && (
        <ActionIcon variant="subtle" color="gray" aria-label={`Remove condition ${n}`} onClick={onRemove} size="lg">
          ×
        </ActionIcon>
      )}
    </Group>
  );
}
