/**
 * The reporting service's BullMQ queues and job names. Queue names are a public contract:
 * renaming one strands its waiting jobs.
 */
export const QUEUES = {
  /** Scheduled aggregation snapshots, one job scheduler per programme. */
  snapshots: 'snapshots',
  /** On-demand recomputation of a period's figures, with progress. */
  recompute: 'recompute',
  /** Sending approved reports to subscribers (webhooks and e-mail). */
  delivery: 'delivery',
} as const;

export const JOB_NAMES = {
  takeSnapshot: 'take-snapshot',
  recompute: 'recompute',
  deliver: 'deliver',
} as const;
