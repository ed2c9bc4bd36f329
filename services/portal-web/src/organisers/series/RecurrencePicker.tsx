import {
  Fieldset,
  FieldsetLegend,
  FormField,
  FormLabel,
  Heading3,
  OrderedList,
  OrderedListItem,
  Paragraph,
  RadioButton,
} from '@utrecht/component-library-react';
import { useId } from 'react';
import { CheckboxField, SelectField, TextField } from '../../components/fields';
import { formatDate, formatTime, weekdayNames } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { MAX_OCCURRENCES, WEEKDAYS, type Occurrences, type Recurrence, type Weekday } from './recurrence';

const PREVIEW = 12;

/** Frequency, interval, weekdays and an end, with the dates they give shown as they change. */
export function RecurrencePicker({
  value,
  onChange,
  occurrences,
  errors,
}: {
  value: Recurrence;
  onChange: (changes: Partial<Recurrence>) => void;
  occurrences: Occurrences;
  errors: Partial<Record<'interval' | 'count' | 'until' | 'weekdays' | 'rrule', string>>;
}) {
  const { t, language } = useI18n();
  const names = weekdayNames(language, 'long');
  const endName = useId();
  const unit = t(`recurrence.unit.${value.frequency}`);
  const toggleDay = (day: Weekday, on: boolean) =>
    onChange({
      weekdays: on ? [...value.weekdays, day] : value.weekdays.filter((existing) => existing !== day),
    });
  return (
    <Fieldset>
      <FieldsetLegend>{t('recurrence.legend')}</FieldsetLegend>
      <SelectField
        label={t('recurrence.frequency')}
        value={value.frequency}
        onChange={(frequency) => onChange({ frequency: frequency as Recurrence['frequency'] })}
        choices={[
          { value: 'DAILY', label: t('recurrence.DAILY') },
          { value: 'WEEKLY', label: t('recurrence.WEEKLY') },
          { value: 'MONTHLY', label: t('recurrence.MONTHLY') },
        ]}
      />
      <TextField
        label={t('recurrence.interval', { unit })}
        description={t('recurrence.intervalHelp')}
        value={String(value.interval)}
        error={errors.interval}
        inputMode="numeric"
        onChange={(text) => onChange({ interval: Number(text.replace(/\D/g, '')) || 0 })}
      />
      {value.frequency === 'WEEKLY' && (
        <Fieldset invalid={Boolean(errors.weekdays)}>
          <FieldsetLegend>{t('recurrence.weekdays')}</FieldsetLegend>
          {errors.weekdays && <p className="utrecht-form-field-error-message">{errors.weekdays}</p>}
          {WEEKDAYS.map((day, index) => (
            <CheckboxField
              key={day}
              label={names[index]}
              checked={value.weekdays.includes(day)}
              onChange={(on) => toggleDay(day, on)}
            />
          ))}
        </Fieldset>
      )}
      <Fieldset role="radiogroup">
        <FieldsetLegend>{t('recurrence.ends')}</FieldsetLegend>
        <FormField type="radio">
          <div className="utrecht-form-field__input">
            <RadioButton
              id={`${endName}-count`}
              name={endName}
              checked={value.end === 'count'}
              onChange={() => onChange({ end: 'count' })}
            />
          </div>
          <div className="utrecht-form-field__label">
            <FormLabel htmlFor={`${endName}-count`} type="radio">
              {t('recurrence.endCount')}
            </FormLabel>
          </div>
        </FormField>
        <FormField type="radio">
          <div className="utrecht-form-field__input">
            <RadioButton
              id={`${endName}-until`}
              name={endName}
              checked={value.end === 'until'}
              onChange={() => onChange({ end: 'until' })}
            />
          </div>
          <div className="utrecht-form-field__label">
            <FormLabel htmlFor={`${endName}-until`} type="radio">
              {t('recurrence.endUntil')}
            </FormLabel>
          </div>
        </FormField>
        {value.end === 'count' ? (
          <TextField
            label={t('recurrence.count')}
            value={String(value.count || '')}
            error={errors.count}
            inputMode="numeric"
            onChange={(text) => onChange({ count: Number(text.replace(/\D/g, '')) || 0 })}
          />
        ) : (
          <TextField
            label={t('recurrence.until')}
            type="date"
            value={value.until}
            error={errors.until}
            onChange={(until) => onChange({ until })}
          />
        )}
      </Fieldset>
      {errors.rrule && (
        <p className="utrecht-form-field-error-message" role="alert">
          {errors.rrule}
        </p>
      )}
      <section aria-live="polite" aria-labelledby="occurrences-heading">
        <Heading3 id="occurrences-heading">
          {t('recurrence.preview', { n: occurrences.starts.length })}
        </Heading3>
        {occurrences.tooMany && <Paragraph>{t('recurrence.tooMany', { n: MAX_OCCURRENCES })}</Paragraph>}
        {occurrences.starts.length === 0 ? (
          <Paragraph>{t('recurrence.noDates')}</Paragraph>
        ) : (
          <OrderedList>
            {occurrences.starts.slice(0, PREVIEW).map((start) => (
              <OrderedListItem key={start}>
                {formatDate(start, language)}, {formatTime(start, language)}
              </OrderedListItem>
            ))}
          </OrderedList>
        )}
        {occurrences.starts.length > PREVIEW && (
          <Paragraph>{t('recurrence.andMore', { n: occurrences.starts.length - PREVIEW })}</Paragraph>
        )}
      </section>
    </Fieldset>
  );
}
