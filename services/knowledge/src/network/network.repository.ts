import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NetworkLink, NetworkMetrics } from './network-metrics';

export interface NetworkSnapshot extends NetworkMetrics {
  period: string;
  computedAt: string;
}

/** Data access for the policy monitor: the links events established and the computed snapshots per period. */
@Injectable()
export class NetworkRepository {
  /** The links that occurred in [from, to), both Amsterdam calendar dates. */
  linksBetween(manager: EntityManager, from: string, to: string): Promise<NetworkLink[]> {
    return manager.query(
      `SELECT l.source, l.target, l.relation
         FROM network_links l
        WHERE l.occurred_at >= ($1::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
          AND l.occurred_at < ($2::date::timestamp AT TIME ZONE 'Europe/Amsterdam')`,
      [from, to],
    );
  }

  /**
   * Pairs of nodes first linked within the period (never before it): the policy monitor's "new
   * links". A pair counts once, whichever way round its links were recorded.
   */
  async newLinksBetween(manager: EntityManager, from: string, to: string): Promise<number> {
    const rows: { count: string }[] = await manager.query(
      `SELECT count(*) AS count FROM (
         SELECT LEAST(source, target) AS a, GREATEST(source, target) AS b, min(occurred_at) AS first
           FROM network_links
          WHERE source <> target
          GROUP BY 1, 2) pairs
        WHERE pairs.first >= ($1::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
          AND pairs.first < ($2::date::timestamp AT TIME ZONE 'Europe/Amsterdam')`,
      [from, to],
    );
    return Number(rows[0].count);
  }

  /** Names for the nodes from this service's own copies: activities, organisations, items, advices. */
  async labels(manager: EntityManager, nodeIds: string[]): Promise<Map<string, string>> {
    const rows: { id: string; label: string }[] = await manager.query(
      `WITH wanted AS (SELECT split_part(id, ':', 1) AS kind, substr(id, strpos(id, ':') + 1) AS key, id FROM unnest($1::text[]) AS id)
       SELECT w.id, a.title AS label FROM wanted w JOIN activity_references a ON w.kind = 'activity' AND a.activity_id::text = w.key
       UNION ALL
       SELECT w.id, o.name FROM wanted w JOIN organisations o ON w.kind = 'organisation' AND o.organisation_id::text = w.key
       UNION ALL
       SELECT w.id, i.title FROM wanted w JOIN knowledge_items i ON w.kind = 'item' AND i.item_id::text = w.key
       UNION ALL
       SELECT w.id, v.title FROM wanted w JOIN advices v ON w.kind = 'advice' AND v.advice_id::text = w.key`,
      [nodeIds],
    );
    return new Map(rows.map((row) => [row.id, row.label]));
  }

  async saveSnapshot(manager: EntityManager, period: string, computedAt: Date, metrics: NetworkMetrics): Promise<void> {
    await manager.query(
      `INSERT INTO network_snapshots (period, computed_at, summary, nodes, edges) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb)
       ON CONFLICT (period) DO UPDATE SET computed_at = EXCLUDED.computed_at, summary = EXCLUDED.summary,
         nodes = EXCLUDED.nodes, edges = EXCLUDED.edges`,
      [period, computedAt, JSON.stringify(metrics.summary), JSON.stringify(metrics.nodes), JSON.stringify(metrics.edges)],
    );
  }

  async snapshot(manager: EntityManager, period: string): Promise<NetworkSnapshot | undefined> {
    const rows: { period: string; computed_at: Date; summary: NetworkMetrics['summary']; nodes: NetworkMetrics['nodes']; edges: NetworkMetrics['edges'] }[] =
      await manager.query(`SELECT * FROM network_snapshots WHERE period = $1`, [period]);
    const row = rows[0];
    return row ? { period: row.period, computedAt: row.computed_at.toISOString(), summary: row.summary, nodes: row.nodes, edges: row.edges } : undefined;
  }

  /**
   * The snapshot as the JSON text the API answers, written by PostgreSQL from the stored jsonb:
   * at 10,000 nodes and 50,000 edges (5 MB) parsing it here only to serialise it again cost the
   * policy monitor seconds. Same fields and values as snapshot(); computedAt in toISOString's form.
   */
  async snapshotJson(manager: EntityManager, period: string): Promise<string | undefined> {
    const rows: { body: string }[] = await manager.query(
      `SELECT json_build_object(
                'period', period,
                'computedAt', to_char(computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'summary', summary, 'nodes', nodes, 'edges', edges)::text AS body
         FROM network_snapshots WHERE period = $1`,
      [period],
    );
    return rows[0]?.body;
  }

  async periods(manager: EntityManager): Promise<{ period: string; computedAt: string; summary: NetworkMetrics['summary'] }[]> {
    const rows: { period: string; computed_at: Date; summary: NetworkMetrics['summary'] }[] = await manager.query(
      `SELECT period, computed_at, summary FROM network_snapshots ORDER BY period`,
    );
    return rows.map((row) => ({ period: row.period, computedAt: row.computed_at.toISOString(), summary: row.summary }));
  }

  /**
   * Records that the origin's links are now as of `factsAt`, unless newer ones are already
   * recorded: false means a later event got there first and these links are stale.
   */
  async claimOrigin(transaction: EntityManager, origin: string, factsAt: Date): Promise<boolean> {
    const current = await transaction.query(
      `INSERT INTO network_origins (origin, facts_at) VALUES ($1, $2)
       ON CONFLICT (origin) DO UPDATE SET facts_at = EXCLUDED.facts_at
         WHERE network_origins.facts_at <= EXCLUDED.facts_at
       RETURNING origin`,
      [origin, factsAt],
    );
    return current.length > 0;
  }

  async deleteLinks(transaction: EntityManager, origin: string): Promise<void> {
    await transaction.query(`DELETE FROM network_links WHERE origin = $1`, [origin]);
  }

  async insertLinks(transaction: EntityManager, origin: string, occurredAt: Date, links: NetworkLink[]): Promise<void> {
    if (links.length > 0) {
      await transaction.query(
        `INSERT INTO network_links (origin, source, target, relation, occurred_at)
         SELECT $1, source, target, relation, $5 FROM unnest($2::text[], $3::text[], $4::text[]) AS l (source, target, relation)
         ON CONFLICT DO NOTHING`,
        [origin, links.map((link) => link.source), links.map((link) => link.target), links.map((link) => link.relation), occurredAt],
      );
    }
  }
}
