import { REPORTING_QUEUES } from '@deelwijs/platform';

/**
 * The reporting service's BullMQ queues (defined with the other services' in libs/platform, where
 * the portal's queue dashboard reads them) and job names. Queue names are a public contract:
 * renaming one strands its waiting jobs.
 */
export const QUEUES = REPORTING_QUEUES;

export const JOB_NAMES = {
  takeSnapshot: 'take-snapshot',
  recompute: 'recompute',
  deliver: 'deliver',
} as const;
