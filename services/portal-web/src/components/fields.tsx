import {
  Checkbox,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Select,
  SelectOption,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
import { useId, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * Form fields built from the NL Design System's form field, label, description and error
 * message, wired the way a screen reader needs them: label for the input, description and
 * error in aria-describedby, aria-invalid while the error stands.
 */
interface FieldProps {
  label: ReactNode;
  description?: ReactNode;
  error?: string;
  required?: boolean;
}

function useFieldIds(description: ReactNode, error: string | undefined, fixedId?: string) {
  const generated = useId();
  const id = fixedId ?? generated;
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, descriptionId].filter(Boolean).join(' ') || undefined;
  return { id, descriptionId, errorId, describedBy };
}

function Frame({
  ids,
  label,
  description,
  error,
  children,
  type,
  required,
}: FieldProps & { ids: ReturnType<typeof useFieldIds>; children: ReactNode; type?: string }) {
  const { t } = useI18n();
  return (
    <FormField
      type={type}
      invalid={Boolean(error)}
      label={
        type === 'checkbox' ? undefined : (
          <FormLabel htmlFor={ids.id}>
            {label}
            {required ? ` (${t('form.required')})` : ''}
          </FormLabel>
        )
      }
    >
      {description && <FormFieldDescription id={ids.descriptionId}>{description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={ids.errorId}>{error}</FormFieldErrorMessage>}
      <div className="utrecht-form-field__input">{children}</div>
    </FormField>
  );
}

export function TextField({
  label,
  description,
  error,
  required,
  value,
  onChange,
  type = 'text',
  ...input
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  type?: string;
  autoComplete?: string;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'search';
  min?: string | number;
  max?: string | number;
  placeholder?: string;
  name?: string;
}) {
  const ids = useFieldIds(description, error);
  return (
    <Frame ids={ids} label={label} description={description} error={error} required={required}>
      <Textbox
        id={ids.id}
        type={type}
        value={value}
        required={required}
        invalid={Boolean(error)}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        onChange={(event) => onChange(event.target.value)}
        {...input}
      />
    </Frame>
  );
}

export function TextareaField({
  label,
  description,
  error,
  required,
  value,
  onChange,
  rows = 4,
  id,
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  /** A fixed id, for a link to the field from an error summary. */
  id?: string;
}) {
  const ids = useFieldIds(description, error, id);
  return (
    <Frame ids={ids} label={label} description={description} error={error} required={required}>
      <Textarea
        id={ids.id}
        value={value}
        rows={rows}
        required={required}
        invalid={Boolean(error)}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
    </Frame>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectField({
  label,
  description,
  error,
  required,
  value,
  onChange,
  choices,
  empty,
}: FieldProps & { value: string; onChange: (value: string) => void; choices: Choice[]; empty?: string }) {
  const ids = useFieldIds(description, error);
  return (
    <Frame ids={ids} label={label} description={description} error={error} required={required}>
      <Select
        id={ids.id}
        value={value}
        required={required}
        invalid={Boolean(error)}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        onChange={(event) => onChange(event.target.value)}
      >
        {empty !== undefined && <SelectOption value="">{empty}</SelectOption>}
        {choices.map((choice) => (
          <SelectOption key={choice.value} value={choice.value}>
            {choice.label}
          </SelectOption>
        ))}
      </Select>
    </Frame>
  );
}

export function CheckboxField({
  label,
  description,
  error,
  checked,
  onChange,
}: FieldProps & { checked: boolean; onChange: (checked: boolean) => void }) {
  const ids = useFieldIds(description, error);
  return (
    <FormField type="checkbox" invalid={Boolean(error)}>
      <div className="utrecht-form-field__input">
        <Checkbox
          id={ids.id}
          checked={checked}
          invalid={Boolean(error)}
          aria-describedby={ids.describedBy}
          onChange={(event) => onChange(event.target.checked)}
        />
      </div>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={ids.id} type="checkbox">
          {label}
        </FormLabel>
      </div>
      {description && <FormFieldDescription id={ids.descriptionId}>{description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={ids.errorId}>{error}</FormFieldErrorMessage>}
    </FormField>
  );
}
