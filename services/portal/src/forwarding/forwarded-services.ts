import type { PortalConfig } from '../config/portal.config';

export const FORWARDED_SERVICES = ['activities', 'knowledge', 'reporting'] as const;
export type ForwardedService = (typeof FORWARDED_SERVICES)[number];

export function serviceBaseUrl(config: PortalConfig, service: ForwardedService): string {
  const urls: Record<ForwardedService, string> = {
    activities: config.ACTIVITIES_URL,
    knowledge: config.KNOWLEDGE_URL,
    reporting: config.REPORTING_URL,
  };
  return urls[service].replace(/\/$/, '');
}
