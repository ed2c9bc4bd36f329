import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ProgrammeSchema, type ProgrammeDefinition } from './programme.schema';

export interface StoredProgramme {
  definition: ProgrammeDefinition;
  revision: number;
  updatedAt: Date;
}

/**
 * A programme's definition is stored as the checked document it was imported as: it is always
 * read and written whole, and nothing queries its parts (indicators are applied to the generic
 * projections in code).
 */
@Injectable()
export class ProgrammeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async save(definition: ProgrammeDefinition, manager: EntityManager = this.dataSource.manager): Promise<{ created: boolean; revision: number }> {
    const [row]: { revision: number; created: boolean }[] = await manager.query(
      `INSERT INTO programmes AS p (code, definition) VALUES ($1, $2::jsonb)
       ON CONFLICT (code) DO UPDATE SET definition = $2::jsonb, revision = p.revision + 1, updated_at = now()
       RETURNING revision, (xmax = 0) AS created`,
      [definition.code, JSON.stringify(definition)],
    );
    return row;
  }

  async find(code: string): Promise<StoredProgramme | undefined> {
    const [row]: { definition: unknown; revision: number; updated_at: Date }[] = await this.dataSource.query(
      `SELECT definition, revision, updated_at FROM programmes WHERE code = $1`,
      [code],
    );
    // Parsed again so that defaults added to the schema later apply to stored definitions too.
    return row && { definition: ProgrammeSchema.parse(row.definition), revision: row.revision, updatedAt: row.updated_at };
  }

  async list(): Promise<StoredProgramme[]> {
    const rows: { definition: unknown; revision: number; updated_at: Date }[] = await this.dataSource.query(
      `SELECT definition, revision, updated_at FROM programmes ORDER BY code`,
    );
    return rows.map((row) => ({ definition: ProgrammeSchema.parse(row.definition), revision: row.revision, updatedAt: row.updated_at }));
  }
}
