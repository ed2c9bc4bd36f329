import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProgrammeRecord } from '../programme-scope';

/**
 * The programmes read model (`programmes`): one row per programme, its newest version only.
 * Every write keeps a row only when its version is newer, so events may arrive in any order
 * and twice.
 */
@Injectable()
export class ProgrammesRepository {
  async upsert(db: EntityManager, record: ProgrammeRecord): Promise<void> {
    await db.query(
      `INSERT INTO programmes (programme_code, version, period_start, period_end, is_default_for_period, withdrawn, prestaties)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (programme_code) DO UPDATE
         SET version = EXCLUDED.version, period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end,
             is_default_for_period = EXCLUDED.is_default_for_period, withdrawn = EXCLUDED.withdrawn,
             prestaties = EXCLUDED.prestaties, updated_at = now()
         WHERE programmes.version < EXCLUDED.version`,
      [
        record.programmeCode,
        record.version,
        record.periodStart,
        record.periodEnd,
        record.isDefaultForPeriod,
        record.withdrawn,
        JSON.stringify(record.prestaties),
      ],
    );
  }

  /** Marks a programme withdrawn at this version; one never seen published is remembered as withdrawn. */
  async withdraw(db: EntityManager, programmeCode: string, version: number): Promise<void> {
    await db.query(
      `INSERT INTO programmes (programme_code, version, withdrawn) VALUES ($1, $2, true)
       ON CONFLICT (programme_code) DO UPDATE SET version = EXCLUDED.version, withdrawn = true, updated_at = now()
         WHERE programmes.version < EXCLUDED.version`,
      [programmeCode, version],
    );
  }

  async all(db: EntityManager): Promise<ProgrammeRecord[]> {
    return (await db.query(
      `SELECT programme_code AS "programmeCode", version, to_char(period_start, 'YYYY-MM-DD') AS "periodStart",
              to_char(period_end, 'YYYY-MM-DD') AS "periodEnd", is_default_for_period AS "isDefaultForPeriod",
              withdrawn, prestaties
         FROM programmes ORDER BY programme_code`,
    )) as ProgrammeRecord[];
  }
}
