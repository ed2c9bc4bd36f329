import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ProgrammeSchema, type ProgrammeDefinition } from './programme.schema';

export interface StoredProgramme {
  definition: ProgrammeDefinition;
  /** Increases with every change, withdrawal included: the `version` of the programme events. */
  revision: number;
  /** The revision last appended to the outbox; lower than `revision` means a publication is due. */
  publishedRevision: number;
  withdrawnAt?: Date;
  updatedAt: Date;
}

interface Row {
  definition: unknown;
  revision: number;
  published_revision: number;
  withdrawn_at: Date | null;
  updated_at: Date;
}

const COLUMNS = 'definition, revision, published_revision, withdrawn_at, updated_at';

/**
 * A programme's definition is stored as the checked document it was imported as: it is always
 * read and written whole, and nothing queries its parts (indicators are applied to the generic
 * projections in code).
 */
@Injectable()
export class ProgrammeRepository {
  /** Issue 13: the last definition parsed per programme code, with the revision and change time it was read at. */
  private readonly parsed = new Map<string, { revision: number; changed: string; definition: ProgrammeDefinition }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates or replaces a definition; a replaced one is in force again if it was withdrawn. */
  async save(definition: ProgrammeDefinition, manager: EntityManager = this.dataSource.manager): Promise<{ created: boolean; revision: number }> {
    const [row]: { revision: number; created: boolean }[] = await manager.query(
      `INSERT INTO programmes AS p (code, definition) VALUES ($1, $2::jsonb)
       ON CONFLICT (code) DO UPDATE SET definition = $2::jsonb, revision = p.revision + 1, withdrawn_at = NULL, updated_at = now()
       RETURNING revision, (xmax = 0) AS created`,
      [definition.code, JSON.stringify(definition)],
    );
    return row;
  }

  async withdraw(manager: EntityManager, code: string, at: Date): Promise<number> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [rows]: [{ revision: number }[], number] = await manager.query(
      `UPDATE programmes SET withdrawn_at = $2, revision = revision + 1, updated_at = now() WHERE code = $1 RETURNING revision`,
      [code, at],
    );
    return rows[0].revision;
  }

  async markPublished(manager: EntityManager, code: string, revision: number): Promise<void> {
    await manager.query(`UPDATE programmes SET published_revision = GREATEST(published_revision, $2) WHERE code = $1`, [code, revision]);
  }

  /**
   * Serialises changes to programmes (import, withdrawal, publication): the one-default-per-day
   * rule compares programmes with each other, so two imports must not check it at once.
   */
  async lockAll(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('reporting.programmes'))`);
  }

  async find(code: string, manager?: EntityManager): Promise<StoredProgramme | undefined> {
    if (manager) {
      const [row]: Row[] = await manager.query(`SELECT ${COLUMNS} FROM programmes WHERE code = $1`, [code]);
      return row && stored(row);
    }
    // Outside a transaction only committed definitions are seen: the one parsed before is used
    // again while the row's revision and change time are the same, and not even fetched again.
    const known = this.parsed.get(code);
    const [row]: (Row & { changed: string })[] = await this.dataSource.query(
      `SELECT revision, published_revision, withdrawn_at, updated_at, updated_at::text AS changed,
              CASE WHEN revision = $2 AND updated_at::text = $3 THEN NULL ELSE definition END AS definition
         FROM programmes WHERE code = $1`,
      [code, known?.revision ?? null, known?.changed ?? null],
    );
    if (!row) {
      return undefined;
    }
    if (row.definition === null && known) {
      return stored(row, known.definition);
    }
    const found = stored(row);
    this.parsed.set(code, { revision: row.revision, changed: row.changed, definition: found.definition });
    return found;
  }

  async list(manager: EntityManager = this.dataSource.manager): Promise<StoredProgramme[]> {
    const rows: Row[] = await manager.query(`SELECT ${COLUMNS} FROM programmes ORDER BY code`);
    return rows.map((row) => stored(row));
  }

  /** Codes of programmes whose last change has not been appended to the outbox yet. */
  async unpublished(): Promise<string[]> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM programmes WHERE published_revision < revision ORDER BY code`);
    return rows.map((row) => row.code);
  }
}

function stored(row: Row, parsed?: ProgrammeDefinition): StoredProgramme {
  // Parsed again so that defaults added to the schema later apply to stored definitions too.
  return {
    definition: parsed ?? ProgrammeSchema.parse(row.definition),
    revision: row.revision,
    publishedRevision: row.published_revision,
    withdrawnAt: row.withdrawn_at ?? undefined,
    updatedAt: row.updated_at,
  };
}
