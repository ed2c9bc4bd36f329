import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { parsePeriod, periodsOf } from '../common/period';
import { computeInWorker } from './compute-in-worker';
import type { NetworkLink, NetworkMetrics } from './network-metrics';

export const NETWORK_QUEUE = 'network';
export const COMPUTE_PERIOD_JOB = 'compute-period';
export const COMPUTE_CURRENT_JOB = 'compute-current-periods';

export interface NetworkSnapshot extends NetworkMetrics {
  period: string;
  computedAt: string;
}

/**
 * The policy monitor: per period, the links that events established in it, with each node's
 * degree, betweenness, closeness, clustering and community. Computed by a job (it takes a while
 * for a large network) and stored, so reading and exporting is instant and periods can be compared.
 */
@Injectable()
export class NetworkService {
  private readonly logger = new Logger(NetworkService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async compute(periodKey: string): Promise<NetworkSnapshot['summary'] & { period: string; millis: number }> {
    const period = parsePeriod(periodKey);
    if (!period) {
      throw new Error(`not a period: ${periodKey}`);
    }
    const started = Date.now();
    const links: NetworkLink[] = await this.dataSource.query(
      `SELECT l.source, l.target, l.relation
         FROM network_links l
        WHERE l.occurred_at >= ($1::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
          AND l.occurred_at < ($2::date::timestamp AT TIME ZONE 'Europe/Amsterdam')`,
      [period.from, period.to],
    );
    const metrics = await computeInWorker(links, await this.labels(links));
    const computedAt = new Date();
    await this.dataSource.query(
      `INSERT INTO network_snapshots (period, computed_at, summary, nodes, edges) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb)
       ON CONFLICT (period) DO UPDATE SET computed_at = EXCLUDED.computed_at, summary = EXCLUDED.summary,
         nodes = EXCLUDED.nodes, edges = EXCLUDED.edges`,
      [periodKey, computedAt, JSON.stringify(metrics.summary), JSON.stringify(metrics.nodes), JSON.stringify(metrics.edges)],
    );
    const millis = Date.now() - started;
    this.logger.log({ msg: 'network computed', period: periodKey, ...metrics.summary, millis });
    return { period: periodKey, ...metrics.summary, millis };
  }

  /** The year and quarter now running: what the daily job keeps fresh. */
  currentPeriods(now = new Date()): string[] {
    const { year, quarter } = periodsOf(now);
    return [year, quarter];
  }

  async snapshot(period: string): Promise<NetworkSnapshot> {
    const rows: { period: string; computed_at: Date; summary: NetworkMetrics['summary']; nodes: NetworkMetrics['nodes']; edges: NetworkMetrics['edges'] }[] =
      await this.dataSource.query(`SELECT * FROM network_snapshots WHERE period = $1`, [period]);
    const row = rows[0];
    if (!row) {
      throw new NotFoundException(
        `Het netwerk voor ${period} is nog niet berekend / the network for ${period} has not been computed yet; POST /v1/network/computations.`,
      );
    }
    return { period: row.period, computedAt: row.computed_at.toISOString(), summary: row.summary, nodes: row.nodes, edges: row.edges };
  }

  async periods(): Promise<{ period: string; computedAt: string; summary: NetworkMetrics['summary'] }[]> {
    const rows: { period: string; computed_at: Date; summary: NetworkMetrics['summary'] }[] = await this.dataSource.query(
      `SELECT period, computed_at, summary FROM network_snapshots ORDER BY period`,
    );
    return rows.map((row) => ({ period: row.period, computedAt: row.computed_at.toISOString(), summary: row.summary }));
  }

  /** Names for the nodes from this service's own copies: activities, organisations, items, advices. */
  private async labels(links: NetworkLink[]): Promise<Map<string, string>> {
    const ids = [...new Set(links.flatMap((link) => [link.source, link.target]))];
    const rows: { id: string; label: string }[] = await this.dataSource.query(
      `WITH wanted AS (SELECT split_part(id, ':', 1) AS kind, substr(id, strpos(id, ':') + 1) AS key, id FROM unnest($1::text[]) AS id)
       SELECT w.id, a.title AS label FROM wanted w JOIN activity_references a ON w.kind = 'activity' AND a.activity_id::text = w.key
       UNION ALL
       SELECT w.id, o.name FROM wanted w JOIN organisations o ON w.kind = 'organisation' AND o.organisation_id::text = w.key
       UNION ALL
       SELECT w.id, i.title FROM wanted w JOIN knowledge_items i ON w.kind = 'item' AND i.item_id::text = w.key
       UNION ALL
       SELECT w.id, v.title FROM wanted w JOIN advices v ON w.kind = 'advice' AND v.advice_id::text = w.key`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.label]));
  }
}
