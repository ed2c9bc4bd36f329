import { Fieldset, FieldsetLegend } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { useActivityTypes, useLocationCategories } from '../../api/activities';
import { data, portalApi } from '../../api/client';
import { CheckboxField, SelectField, TextareaField, TextField } from '../../components/fields';
import { useI18n } from '../../i18n/i18n';
import type { FactsForm } from './facts';

/** The fields of an activity's facts, shared by the activity and the series forms. */
export function ActivityFactsFields({
  form,
  errors,
  onChange,
}: {
  form: FactsForm;
  errors: Partial<Record<keyof FactsForm, string>>;
  onChange: (changes: Partial<FactsForm>) => void;
}) {
  const { t, language } = useI18n();
  const types = useActivityTypes();
  const categories = useLocationCategories();
  const organisations = useQuery({
    queryKey: ['identity', 'organisations'],
    queryFn: () => data(portalApi.GET('/v1/identity/organisations')),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const togglePartner = (id: string, on: boolean) =>
    onChange({
      partnerOrganisationIds: on
        ? [...form.partnerOrganisationIds, id]
        : form.partnerOrganisationIds.filter((existing) => existing !== id),
    });
  return (
    <>
      <Fieldset>
        <FieldsetLegend>{t('form.what')}</FieldsetLegend>
        <SelectField
          label={t('activity.type')}
          required
          value={form.type}
          error={errors.type}
          onChange={(type) => onChange({ type })}
          empty={t('form.choose')}
          choices={(types.data ?? [])
            .filter((entry) => entry.active)
            .map((entry) => ({ value: entry.slug, label: entry.label[language] }))}
        />
        <TextField
          label={t('activity.titleNl')}
          required
          value={form.titleNl}
          error={errors.titleNl}
          onChange={(titleNl) => onChange({ titleNl })}
        />
        <TextField
          label={t('activity.titleEn')}
          value={form.titleEn}
          error={errors.titleEn}
          onChange={(titleEn) => onChange({ titleEn })}
        />
        <TextareaField
          label={t('activity.description')}
          value={form.descriptionNl}
          error={errors.descriptionNl}
          onChange={(descriptionNl) => onChange({ descriptionNl })}
        />
        <TextField
          label={t('activity.prestatie')}
          description={t('activity.prestatieHelp')}
          required
          value={form.prestatieCode}
          error={errors.prestatieCode}
          onChange={(prestatieCode) => onChange({ prestatieCode })}
          inputMode="decimal"
        />
        <TextField
          label={t('activity.action')}
          description={t('activity.actionHelp')}
          value={form.actionNumber}
          error={errors.actionNumber}
          onChange={(actionNumber) => onChange({ actionNumber })}
          inputMode="numeric"
        />
      </Fieldset>
      <Fieldset>
        <FieldsetLegend>{t('form.where')}</FieldsetLegend>
        <TextField
          label={t('activity.venueName')}
          value={form.venueName}
          error={errors.venueName}
          onChange={(venueName) => onChange({ venueName })}
        />
        <TextField
          label={t('activity.venueAddress')}
          value={form.venueAddress}
          error={errors.venueAddress}
          onChange={(venueAddress) => onChange({ venueAddress })}
        />
        <TextField
          label={t('activity.municipality')}
          value={form.municipality}
          error={errors.municipality}
          onChange={(municipality) => onChange({ municipality })}
        />
        <SelectField
          label={t('activity.locationCategory')}
          value={form.locationCategory}
          error={errors.locationCategory}
          onChange={(locationCategory) => onChange({ locationCategory })}
          choices={(
            categories.data ?? [
              { slug: 'regular', label: { nl: 'Reguliere locatie', en: 'Regular location' }, active: true },
            ]
          )
            .filter((entry) => entry.active)
            .map((entry) => ({ value: entry.slug, label: entry.label[language] }))}
        />
      </Fieldset>
      <Fieldset>
        <FieldsetLegend>{t('form.capacityAndCost')}</FieldsetLegend>
        <SelectField
          label={t('activity.capacityUnit')}
          value={form.capacityUnit}
          error={errors.capacityUnit}
          onChange={(capacityUnit) => onChange({ capacityUnit: capacityUnit as FactsForm['capacityUnit'] })}
          choices={[
            { value: 'people', label: t('activity.capacityUnit.people') },
            { value: 'groups', label: t('activity.capacityUnit.groups') },
          ]}
        />
        <TextField
          label={t('activity.capacity')}
          description={t('activity.capacityHelp')}
          value={form.capacity}
          error={errors.capacity}
          onChange={(capacity) => onChange({ capacity })}
          inputMode="numeric"
        />
        <TextField
          label={t('activity.plannedCost')}
          description={t('activity.euroHelp')}
          value={form.plannedCost}
          error={errors.plannedCost}
          onChange={(plannedCost) => onChange({ plannedCost })}
          inputMode="decimal"
        />
        <TextField
          label={t('activity.cancellationDeadline')}
          value={form.cancellationDeadlineHours}
          error={errors.cancellationDeadlineHours}
          onChange={(cancellationDeadlineHours) => onChange({ cancellationDeadlineHours })}
          inputMode="numeric"
        />
      </Fieldset>
      <Fieldset>
        <FieldsetLegend>{t('form.partners')}</FieldsetLegend>
        <CheckboxField
          label={t('activity.openToAllPartners')}
          checked={form.openToAllPartners}
          onChange={(openToAllPartners) => onChange({ openToAllPartners })}
        />
        {(organisations.data ?? []).map((organisation) => (
          <CheckboxField
            key={organisation.id}
            label={organisation.name}
            checked={form.partnerOrganisationIds.includes(organisation.id)}
            onChange={(on) => togglePartner(organisation.id, on)}
          />
        ))}
        {errors.partnerOrganisationIds && (
          <p className="utrecht-form-field-error-message">{errors.partnerOrganisationIds}</p>
        )}
      </Fieldset>
    </>
  );
}
