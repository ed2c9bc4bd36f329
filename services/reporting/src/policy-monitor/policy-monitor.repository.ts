import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface NetworkFigures {
  period: string;
  computedAt: string;
  partners: number;
  projects: number;
  links: number;
  newLinks: number;
  communities: number;
  mostConnected: Array<{ organisationId: string; organisationName?: string; degree: number }>;
}

export interface EvaluationAggregate {
  scope: 'activity' | 'prestatie';
  /** The prestatie code or the activity id the aggregate is of. */
  subject: string;
  period: string;
  computedAt: string;
  responses: number;
  averages: Record<string, number>;
}

/** All SQL of the policy monitor's figures. Upserts keep the newest computation per key. */
@Injectable()
export class PolicyMonitorRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async saveNetwork(tx: EntityManager, figures: NetworkFigures): Promise<void> {
    await tx.query(
      `INSERT INTO network_figures (period, computed_at, partners, projects, links, new_links, communities, most_connected)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       ON CONFLICT (period) DO UPDATE SET
         computed_at = EXCLUDED.computed_at, partners = EXCLUDED.partners, projects = EXCLUDED.projects, links = EXCLUDED.links,
         new_links = EXCLUDED.new_links, communities = EXCLUDED.communities, most_connected = EXCLUDED.most_connected
       WHERE network_figures.computed_at < EXCLUDED.computed_at`,
      [
        figures.period,
        figures.computedAt,
        figures.partners,
        figures.projects,
        figures.links,
        figures.newLinks,
        figures.communities,
        JSON.stringify(figures.mostConnected),
      ],
    );
  }

  async saveEvaluation(tx: EntityManager, aggregate: EvaluationAggregate): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation_aggregates (scope, subject, period, computed_at, responses, averages)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (scope, subject, period) DO UPDATE SET
         computed_at = EXCLUDED.computed_at, responses = EXCLUDED.responses, averages = EXCLUDED.averages
       WHERE evaluation_aggregates.computed_at < EXCLUDED.computed_at`,
      [aggregate.scope, aggregate.subject, aggregate.period, aggregate.computedAt, aggregate.responses, JSON.stringify(aggregate.averages)],
    );
  }

  async network(period: string, manager: EntityManager = this.dataSource.manager): Promise<NetworkFigures | undefined> {
    const [row] = await manager.query(
      `SELECT period, computed_at, partners, projects, links, new_links, communities, most_connected FROM network_figures WHERE period = $1`,
      [period],
    );
    return row
      ? {
          period: row.period,
          computedAt: new Date(row.computed_at).toISOString(),
          partners: row.partners,
          projects: row.projects,
          links: row.links,
          newLinks: row.new_links,
          communities: row.communities,
          mostConnected: row.most_connected,
        }
      : undefined;
  }

  /** The prestatie's own aggregate for the period. */
  async prestatieEvaluation(prestatieCode: string, period: string, manager: EntityManager = this.dataSource.manager): Promise<EvaluationAggregate | undefined> {
    const [row] = await manager.query(
      `SELECT scope, subject, period, computed_at, responses, averages FROM evaluation_aggregates WHERE scope = 'prestatie' AND subject = $1 AND period = $2`,
      [prestatieCode, period],
    );
    return row
      ? { scope: row.scope, subject: row.subject, period: row.period, computedAt: new Date(row.computed_at).toISOString(), responses: row.responses, averages: row.averages }
      : undefined;
  }
}
