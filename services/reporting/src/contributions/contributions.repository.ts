import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ACTIVITY_MATCH, ACTIVITY_MEASURES, COUNTED_MATCH, SPEC_COLUMNS, type Spec } from '../indicators/indicator-actuals.repository';

export type ContributionKind = 'activity' | 'advice' | 'knowledge-item';

export interface ContributionRow {
  kind: ContributionKind;
  id: string;
  title: string | null;
  date: Date;
  value: number;
  type?: string;
  participants?: number;
  groups?: number;
}

/**
 * The activities, advices and knowledge items behind a figure. The conditions and values are
 * the ones the figures are summed with (`ACTIVITY_MATCH`, `ACTIVITY_MEASURES`, `COUNTED_MATCH`),
 * so a list adds up to its figure by construction, not by a second copy of the rules.
 */
@Injectable()
export class ContributionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Several lists from one snapshot, like a report's figures. */
  snapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  async activities(manager: EntityManager, spec: Spec, measure: keyof typeof ACTIVITY_MEASURES): Promise<ContributionRow[]> {
    const { counts, value } = ACTIVITY_MEASURES[measure];
    const rows: { id: string; title: string | null; date: Date; value: string; type: string; participants: string; groups: string }[] = await manager.query(
      `SELECT f.activity_id AS id, f.title, f.starts_at AS date, ${value} AS value, f.type,
              ${ACTIVITY_MEASURES.participants.value} AS participants, COALESCE(f.closed_groups, f.held_groups, 0) AS groups
         FROM jsonb_to_record($1::jsonb) AS s (${SPEC_COLUMNS})
         JOIN activity_facts f ON ${ACTIVITY_MATCH} AND ${counts}
        ORDER BY f.starts_at, f.activity_id`,
      [JSON.stringify(spec)],
    );
    return rows.map((row) => ({
      kind: 'activity',
      id: row.id,
      title: row.title,
      date: row.date,
      value: Number(row.value),
      type: row.type,
      participants: Number(row.participants),
      groups: Number(row.groups),
    }));
  }

  /** Advices or knowledge items an indicator counts; with `action`, those made under that action only. */
  async counted(manager: EntityManager, table: keyof typeof COUNTED_MATCH, spec: Spec, action?: number): Promise<ContributionRow[]> {
    const [id, date] = table === 'advices' ? ['advice_id', 'issued_at'] : ['item_id', 'first_published_at'];
    const rows: { id: string; title: string | null; date: Date }[] = await manager.query(
      `SELECT t.${id} AS id, t.title, t.${date} AS date
         FROM jsonb_to_record($1::jsonb) AS s (${SPEC_COLUMNS})
         JOIN ${table} t ON ${COUNTED_MATCH[table]} AND ($2::text IS NULL OR t.action_refs @> ARRAY[$2::text])
        ORDER BY t.${date}, t.${id}`,
      [JSON.stringify(spec), action === undefined ? null : `${spec.prestatie}#${action}`],
    );
    return rows.map((row) => ({ kind: table === 'advices' ? 'advice' : 'knowledge-item', id: row.id, title: row.title, date: row.date, value: 1 }));
  }
}
