import { Fieldset, FieldsetLegend } from '@utrecht/component-library-react';
import { ACTIVITY_STATUSES, useActivityTypes } from '../../api/activities';
import { SelectField, TextField } from '../../components/fields';
import { useI18n } from '../../i18n/i18n';
import type { FilterState } from './filters';

/**
 * Type, prestatie, status and dates. The API has no filter by action yet: when it has, it
 * goes here as one more field and one more entry in filters.ts.
 */
export function ActivityFiltersForm({
  state,
  onChange,
}: {
  state: FilterState;
  onChange: (changes: Partial<FilterState>) => void;
}) {
  const { t, language } = useI18n();
  const types = useActivityTypes();
  const change = (changes: Partial<FilterState>) => onChange({ ...changes, page: 1 });
  return (
    <form role="search" aria-label={t('activities.filters')} onSubmit={(event) => event.preventDefault()}>
      <Fieldset>
        <FieldsetLegend>{t('activities.filters')}</FieldsetLegend>
        <div className="deelwijs-filters">
          <SelectField
            label={t('activity.type')}
            value={state.type}
            onChange={(type) => change({ type })}
            empty={t('filters.all')}
            choices={(types.data ?? []).map((entry) => ({ value: entry.slug, label: entry.label[language] }))}
          />
          <TextField
            label={t('activity.prestatie')}
            value={state.prestatie}
            onChange={(prestatie) => change({ prestatie })}
            placeholder="7.2.3"
            inputMode="decimal"
          />
          <SelectField
            label={t('activity.status')}
            value={state.status}
            onChange={(status) => change({ status: status as FilterState['status'] })}
            empty={t('filters.all')}
            choices={ACTIVITY_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          />
          {state.view === 'list' && (
            <>
              <TextField
                label={t('filters.from')}
                type="date"
                value={state.from}
                onChange={(from) => change({ from })}
              />
              <TextField
                label={t('filters.to')}
                type="date"
                value={state.to}
                onChange={(to) => change({ to })}
              />
            </>
          )}
        </div>
      </Fieldset>
    </form>
  );
}
