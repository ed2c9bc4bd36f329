import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';

/**
 * The policy monitor's figures for one period, as the knowledge service computed them from the
 * network of partners and projects: aggregates only, so that reporting can print them in a
 * prestatie's report (9.1.6) without holding the network. Organisations are named by id and, once
 * registered, by their public name (the printed report names them); advisers, items and titles
 * never leave the service. A later computation for the same period
 * replaces an earlier one (compare `computedAt`).
 */
export const NetworkComputedV1 = defineEvent({
  subject: 'knowledge.network.computed.v1',
  stream: STREAMS.KNOWLEDGE,
  description: "The policy monitor's aggregate network figures for a period (no personal data).",
  schema: z.object({
    /** "2026", "2026-Q1" or "2026-03". */
    period: z.string().regex(/^[0-9]{4}(-Q[1-4]|-[0-9]{2})?$/),
    computedAt: z.iso.datetime({ offset: true }),
    /** Organisations in the period's network. */
    partners: z.number().int().nonnegative(),
    /** Activities in the period's network (the projects partners meet in). */
    projects: z.number().int().nonnegative(),
    /** Edges of the period's network, and those between two nodes never linked before the period. */
    links: z.number().int().nonnegative(),
    newLinks: z.number().int().nonnegative(),
    communities: z.number().int().nonnegative(),
    /** The organisations with the most links in the period, most first (at most five). */
    mostConnected: z
      .array(
        z.object({
          organisationId: z.uuid(),
          /** The organisation's registered name; absent when the service has not yet heard of it (an optional addition to v1). */
          organisationName: z.string().min(1).max(200).optional(),
          degree: z.number().int().positive(),
        }),
      )
      .max(5),
  }),
});
