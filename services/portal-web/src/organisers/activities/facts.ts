import type { Activity, CreateActivity } from '../../api/activities';
import { parseEuros, formatEuros } from '../../i18n/format';
import type { Translate } from '../../i18n/i18n';

/** An activity's facts as the form holds them: text everywhere, euros not cents. */
export interface FactsForm {
  type: string;
  titleNl: string;
  titleEn: string;
  descriptionNl: string;
  prestatieCode: string;
  actionNumber: string;
  venueName: string;
  venueAddress: string;
  municipality: string;
  locationCategory: string;
  capacityUnit: 'people' | 'groups';
  capacity: string;
  plannedCost: string;
  cancellationDeadlineHours: string;
  openToAllPartners: boolean;
  partnerOrganisationIds: string[];
}

export const EMPTY_FACTS: FactsForm = {
  type: '',
  titleNl: '',
  titleEn: '',
  descriptionNl: '',
  prestatieCode: '7.2.3',
  actionNumber: '',
  venueName: '',
  venueAddress: '',
  municipality: '',
  locationCategory: 'regular',
  capacityUnit: 'people',
  capacity: '',
  plannedCost: '',
  cancellationDeadlineHours: '24',
  openToAllPartners: false,
  partnerOrganisationIds: [],
};

/** The API's field names (as invalidParams names them) and the form's. */
export const FACT_FIELDS: Record<string, keyof FactsForm> = {
  type: 'type',
  title: 'titleNl',
  'title.nl': 'titleNl',
  'title.en': 'titleEn',
  'description.nl': 'descriptionNl',
  prestatieCode: 'prestatieCode',
  actionNumber: 'actionNumber',
  'venue.name': 'venueName',
  'venue.address': 'venueAddress',
  'venue.municipality': 'municipality',
  locationCategory: 'locationCategory',
  capacityUnit: 'capacityUnit',
  capacity: 'capacity',
  plannedCostCents: 'plannedCost',
  cancellationDeadlineHours: 'cancellationDeadlineHours',
  partnerOrganisationIds: 'partnerOrganisationIds',
};

export function factsFormOf(activity: Activity): FactsForm {
  return {
    type: activity.type,
    titleNl: activity.title.nl,
    titleEn: activity.title.en ?? '',
    descriptionNl: activity.description.nl ?? '',
    prestatieCode: activity.prestatieCode,
    actionNumber: activity.actionNumber ? String(activity.actionNumber) : '',
    venueName: activity.venue.name ?? '',
    venueAddress: activity.venue.address ?? '',
    municipality: activity.venue.municipality ?? '',
    locationCategory: activity.locationCategory,
    capacityUnit: activity.capacityUnit,
    capacity: activity.capacity ? String(activity.capacity) : '',
    plannedCost:
      activity.plannedCostCents !== null && activity.plannedCostCents !== undefined
        ? formatEuros(activity.plannedCostCents).replace(/^€\s/, '')
        : '',
    cancellationDeadlineHours: String(activity.cancellationDeadlineHours),
    openToAllPartners: activity.openToAllPartners,
    partnerOrganisationIds: activity.partnerOrganisationIds,
  };
}

type Facts = Omit<CreateActivity, 'startsAt' | 'endsAt' | 'publish'>;

/**
 * The facts as the API takes them, or the fields the person must correct first. Checked here
 * too so that the common mistakes are named at once; the API's own answer is shown the same way.
 */
export function factsOf(
  form: FactsForm,
  t: Translate,
): { facts?: Facts; errors: Partial<Record<keyof FactsForm, string>> } {
  const errors: Partial<Record<keyof FactsForm, string>> = {};
  if (!form.type) {
    errors.type = t('reason.choose');
  }
  if (!form.titleNl.trim()) {
    errors.titleNl = t('reason.required');
  }
  if (!/^[0-9]+(\.[0-9]+)*$/.test(form.prestatieCode.trim())) {
    errors.prestatieCode = t('reason.prestatieFormat');
  }
  const whole = (text: string, field: keyof FactsForm, min: number, max: number): number | undefined => {
    if (!text.trim()) {
      return undefined;
    }
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      errors[field] = t('reason.wholeBetween', { min, max });
      return undefined;
    }
    return value;
  };
  const actionNumber = whole(form.actionNumber, 'actionNumber', 1, 99);
  const capacity = whole(form.capacity, 'capacity', 1, 100_000);
  const deadline = whole(form.cancellationDeadlineHours, 'cancellationDeadlineHours', 0, 1440);
  const plannedCostCents = form.plannedCost.trim() ? parseEuros(form.plannedCost) : undefined;
  if (form.plannedCost.trim() && plannedCostCents === undefined) {
    errors.plannedCost = t('reason.euros');
  }
  if (Object.keys(errors).length > 0) {
    return { errors };
  }
  const venue = {
    ...(form.venueName.trim() ? { name: form.venueName.trim() } : {}),
    ...(form.venueAddress.trim() ? { address: form.venueAddress.trim() } : {}),
    ...(form.municipality.trim() ? { municipality: form.municipality.trim() } : {}),
  };
  return {
    errors,
    facts: {
      type: form.type,
      title: { nl: form.titleNl.trim(), ...(form.titleEn.trim() ? { en: form.titleEn.trim() } : {}) },
      ...(form.descriptionNl.trim() ? { description: { nl: form.descriptionNl.trim() } } : {}),
      prestatieCode: form.prestatieCode.trim(),
      ...(actionNumber !== undefined ? { actionNumber } : {}),
      venue,
      locationCategory: form.locationCategory || 'regular',
      capacityUnit: form.capacityUnit,
      ...(capacity !== undefined ? { capacity } : {}),
      ...(plannedCostCents !== undefined ? { plannedCostCents } : {}),
      ...(deadline !== undefined ? { cancellationDeadlineHours: deadline } : {}),
      openToAllPartners: form.openToAllPartners,
      partnerOrganisationIds: form.partnerOrganisationIds,
    },
  };
}
