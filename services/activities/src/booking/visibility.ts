/**
 * Whether a partner organisation may see an activity: a published one open to every partner,
 * or one it co-organises (also before it is published). Organisers and admins see every
 * activity. Every path beneath an activity asks this one question, so an activity a partner may
 * not see answers 404 everywhere, exactly like one that does not exist. The activities list
 * asks the same in SQL (`ActivitiesRepository.page`, `visibleToPartner`).
 */
export function partnerMaySee(
  activity: { status: string; openToAllPartners: boolean; partnerOrganisationIds: string[] },
  organisationId: string | null | undefined,
): boolean {
  return (
    (activity.status === 'published' && activity.openToAllPartners) ||
    (!!organisationId && activity.partnerOrganisationIds.includes(organisationId))
  );
}
