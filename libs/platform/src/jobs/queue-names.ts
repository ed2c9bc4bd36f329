/**
 * The BullMQ queues of the three services, by short name: the one definition the services'
 * handlers and the portal's queue dashboard both read. Queue names are a public contract
 * (renaming one strands its waiting jobs).
 */

/** Every service runs the platform's housekeeping queue (outbox, inbox and idempotency pruning). */
export const HOUSEKEEPING_QUEUE = 'housekeeping';

export const ACTIVITIES_QUEUES = {
  /** Mails and registrant reminders. */
  notifications: 'notifications',
  /** Uploaded registration files, imported in the background. */
  registrationImports: 'registration-imports',
  /** Anonymising personal data after its retention period. */
  privacy: 'privacy',
} as const;

export const KNOWLEDGE_QUEUES = {
  /** The co-organisation network of a period. */
  network: 'network',
  /** Aggregating an activity's evaluations. */
  evaluations: 'evaluations',
} as const;

export const REPORTING_QUEUES = {
  /** Scheduled aggregation snapshots, one job scheduler per programme. */
  snapshots: 'snapshots',
  /** On-demand recomputation of a period's figures, with progress. */
  recompute: 'recompute',
  /** Sending approved reports to subscribers (webhooks and e-mail). */
  delivery: 'delivery',
} as const;

/** Every queue of every service, housekeeping included: what an administrator may look into. */
export const SERVICE_QUEUES: Readonly<Record<'activities' | 'knowledge' | 'reporting', readonly string[]>> = {
  activities: [...Object.values(ACTIVITIES_QUEUES), HOUSEKEEPING_QUEUE],
  knowledge: [...Object.values(KNOWLEDGE_QUEUES), HOUSEKEEPING_QUEUE],
  reporting: [...Object.values(REPORTING_QUEUES), HOUSEKEEPING_QUEUE],
};

/** The Redis key prefix of every queue (BullMQ's `prefix`). */
export const JOB_QUEUE_PREFIX = 'deelwijs';

/** A queue's full BullMQ name: `<namespace or "main">-<service>-<queue>`. */
export function jobQueueName(namespace: string, service: string, queue: string): string {
  return `${namespace || 'main'}-${service}-${queue}`;
}
