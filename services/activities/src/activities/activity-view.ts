import type { PayloadInputOf, ActivityRevisedV1 } from '@deelwijs/contracts';
import { toAmsterdamIso } from '../shared/amsterdam-time';
import type { Activity } from './activity';
import type { ActivityView } from './dto/activity.dto';

export function toView(activity: Activity): ActivityView {
  return {
    id: activity.id,
    seriesId: activity.seriesId,
    type: activity.type,
    title: { nl: activity.titleNl, ...(activity.titleEn ? { en: activity.titleEn } : {}) },
    description: {
      ...(activity.descriptionNl ? { nl: activity.descriptionNl } : {}),
      ...(activity.descriptionEn ? { en: activity.descriptionEn } : {}),
    },
    programmeCode: activity.programmeCode,
    prestatieCode: activity.prestatieCode,
    actionNumber: activity.actionNumber,
    organiserOrganisationId: activity.organiserOrganisationId,
    partnerOrganisationIds: activity.partnerOrganisationIds,
    openToAllPartners: activity.openToAllPartners,
    venue: {
      ...(activity.venueName ? { name: activity.venueName } : {}),
      ...(activity.venueAddress ? { address: activity.venueAddress } : {}),
      ...(activity.municipality ? { municipality: activity.municipality } : {}),
    },
    locationCategory: activity.locationCategory,
    startsAt: toAmsterdamIso(activity.startsAt),
    endsAt: toAmsterdamIso(activity.endsAt),
    capacityUnit: activity.capacityUnit,
    capacity: activity.capacity,
    placesTaken: activity.placesTaken,
    placesLeft: activity.capacity === null ? null : activity.capacity - activity.placesTaken,
    plannedCostCents: activity.plannedCostCents,
    actualCostCents: activity.actualCostCents,
    cancellationDeadlineHours: activity.cancellationDeadlineHours,
    status: activity.status,
    participants: activity.participants,
    groups: activity.groups,
    cancelReason: activity.cancelReason,
  };
}

/** The facts other services keep of an activity; never who registered. */
export function activityFacts(activity: Activity): PayloadInputOf<typeof ActivityRevisedV1> {
  return {
    activityId: activity.id,
    seriesId: activity.seriesId ?? undefined,
    type: activity.type,
    title: activity.titleNl,
    programmeCode: activity.programmeCode ?? undefined,
    prestatieCode: activity.prestatieCode,
    actionNumber: activity.actionNumber ?? undefined,
    organiserOrganisationId: activity.organiserOrganisationId ?? undefined,
    partnerOrganisationIds: activity.partnerOrganisationIds,
    locationCategory: activity.locationCategory,
    municipality: activity.municipality ?? undefined,
    startsAt: toAmsterdamIso(activity.startsAt),
    endsAt: toAmsterdamIso(activity.endsAt),
    plannedCostCents: activity.plannedCostCents ?? undefined,
  };
}
