import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { activitiesApi, data } from './client';
import type { components, operations } from './openapi/activities';

/** The activities API as the pages use it: one query key per resource, so answers are shared. */
export type Activity = components['schemas']['ActivityView'];
export type ActivityStatus = Activity['status'];
export type CreateActivity = components['schemas']['CreateActivityDto'];
export type Registration = components['schemas']['RegistrationView'];
export type RegistrationInput = components['schemas']['RegistrationInputDto'];
export type CatalogueEntry = components['schemas']['CatalogueEntryView'];
export type ActivityFilters = NonNullable<operations['ActivitiesController_list']['parameters']['query']>;

export const ACTIVITY_STATUSES: ActivityStatus[] = ['draft', 'published', 'held', 'closed', 'cancelled'];

export const activityKeys = {
  all: ['activities'] as const,
  list: (filters: ActivityFilters) => ['activities', 'list', filters] as const,
  one: (id: string) => ['activities', 'one', id] as const,
  registrations: (id: string) => ['activities', 'registrations', id] as const,
};

export function useActivityTypes() {
  return useQuery({
    queryKey: ['catalogue', 'activity-types'],
    queryFn: () => data(activitiesApi.GET('/v1/activity-types')),
    staleTime: 10 * 60_000,
  });
}

export function useLocationCategories() {
  return useQuery({
    queryKey: ['catalogue', 'location-categories'],
    queryFn: () => data(activitiesApi.GET('/v1/location-categories')),
    staleTime: 10 * 60_000,
  });
}

export function useActivities(filters: ActivityFilters) {
  return useQuery({
    queryKey: activityKeys.list(filters),
    queryFn: () => data(activitiesApi.GET('/v1/activities', { params: { query: filters } })),
    placeholderData: (previous) => previous,
  });
}

export function useActivity(id: string) {
  return useQuery({
    queryKey: activityKeys.one(id),
    queryFn: () => data(activitiesApi.GET('/v1/activities/{id}', { params: { path: { id } } })),
  });
}

export function useRegistrations(activityId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: activityKeys.registrations(activityId),
    queryFn: () =>
      data(
        activitiesApi.GET('/v1/activities/{activityId}/registrations', { params: { path: { activityId } } }),
      ),
  });
}

/** After a change: the activity's own answer replaces the cached one; lists are fetched again. */
export function useActivityChange<Input>(run: (input: Input) => Promise<Activity>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (activity) => {
      queries.setQueryData(activityKeys.one(activity.id), activity);
      void queries.invalidateQueries({ queryKey: ['activities', 'list'] });
      void queries.invalidateQueries({ queryKey: activityKeys.registrations(activity.id) });
    },
  });
}

export const activityActions = {
  publish: (id: string) =>
    data(activitiesApi.POST('/v1/activities/{id}/publication', { params: { path: { id } } })),
  held: (id: string) => data(activitiesApi.POST('/v1/activities/{id}/held-confirmation', { params: { path: { id } } })),
  cancel: (id: string, reason: string) =>
    data(
      activitiesApi.POST('/v1/activities/{id}/cancellation', {
        params: { path: { id } },
        body: reason ? { reason } : {},
      }),
    ),
  reschedule: (id: string, startsAt: string, endsAt: string, reason = '') =>
    data(
      activitiesApi.POST('/v1/activities/{id}/reschedulings', {
        params: { path: { id } },
        body: reason ? { startsAt, endsAt, reason } : { startsAt, endsAt },
      }),
    ),
};

/** Which actions an activity offers in its status (the API enforces the same rules). */
export function availableActions(
  status: ActivityStatus,
): Array<'edit' | 'publish' | 'move' | 'cancel' | 'held' | 'close' | 'checkIn'> {
  switch (status) {
    case 'draft':
      return ['edit', 'publish', 'move', 'cancel'];
    case 'published':
      return ['edit', 'move', 'checkIn', 'held', 'cancel'];
    case 'held':
      return ['checkIn', 'close'];
    default:
      return [];
  }
}

export function activityTitle(activity: Pick<Activity, 'title'>, language: 'nl' | 'en'): string {
  return (language === 'en' ? activity.title.en : undefined) ?? activity.title.nl;
}

export function catalogueLabel(
  entries: CatalogueEntry[] | undefined,
  slug: string,
  language: 'nl' | 'en',
): string {
  return entries?.find((entry) => entry.slug === slug)?.label[language] ?? slug;
}
