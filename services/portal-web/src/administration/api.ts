import type { Client } from 'openapi-fetch';
import { activitiesApi, knowledgeApi, serviceClient } from '../api/client';
import type { paths as ActivitiesPaths } from '../api/openapi/activities';
import type { paths as ReportingPaths } from '../api/openapi/reporting';
import type { MessageKey } from '../i18n/messages';

export const reportingApi = serviceClient<ReportingPaths>('/api/reporting');

/** The services with dead letters, jobs and an audit of personal data of their own. */
export const SERVICES = ['activities', 'knowledge', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * What libs/platform mounts in every service (dead letters, failed jobs, the privacy audit): one
 * controller, so the same paths and schemas in each service's document. One type for the three
 * clients lets a page ask each service the same question.
 */
type PlatformPaths = Pick<
  ActivitiesPaths,
  '/v1/dead-letters' | '/v1/dead-letters/{sequence}/replays' | '/v1/failed-jobs' | '/v1/queues/{queue}/failed-jobs/{id}/retries' | '/v1/privacy/audit'
>;

export const platformApi: Record<ServiceName, Client<PlatformPaths>> = {
  activities: activitiesApi,
  knowledge: knowledgeApi as unknown as Client<PlatformPaths>,
  reporting: reportingApi as unknown as Client<PlatformPaths>,
};

export function serviceLabel(service: ServiceName): MessageKey {
  return `admin.service.${service}`;
}
