import type { DataSource, EntityManager } from 'typeorm';
import { PROJECTION_TABLES } from '../projection.repository';

export interface TableComparison {
  table: string;
  live: number;
  rebuilt: number;
  /** Rows in one and not in the other, compared column by column. */
  onlyLive: number;
  onlyRebuilt: number;
}

/**
 * Fresh copies of the projection tables in a schema of their own, and their comparison with
 * the live ones in `public`. The schema name is made by the rebuild, never taken from input.
 */
export class RebuildRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createSchema(schema: string): Promise<void> {
    await this.dataSource.query(`CREATE SCHEMA "${schema}"`);
    for (const table of PROJECTION_TABLES) {
      await this.dataSource.query(`CREATE TABLE "${schema}".${table} (LIKE public.${table} INCLUDING ALL)`);
    }
    // LIKE copies no triggers. The live function with unqualified names: under the replay's
    // search path it keeps the fresh day figures.
    await this.dataSource.query(
      `CREATE TRIGGER activity_day_figures_follow AFTER INSERT OR UPDATE OR DELETE ON "${schema}".activity_facts
         FOR EACH ROW EXECUTE FUNCTION public.activity_day_figures_follow()`,
    );
  }

  async dropSchema(schema: string): Promise<void> {
    await this.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
  }

  /** Points the transaction's unqualified table names at the schema's copies. */
  async useSchema(tx: EntityManager, schema: string): Promise<void> {
    await tx.query(`SET LOCAL search_path TO "${schema}"`);
  }

  async compareTables(schema: string): Promise<TableComparison[]> {
    const result: TableComparison[] = [];
    for (const table of PROJECTION_TABLES) {
      const [row]: Record<string, string>[] = await this.dataSource.query(`
        SELECT (SELECT count(*) FROM public.${table}) AS live,
               (SELECT count(*) FROM "${schema}".${table}) AS rebuilt,
               (SELECT count(*) FROM (SELECT * FROM public.${table} EXCEPT ALL SELECT * FROM "${schema}".${table}) d) AS only_live,
               (SELECT count(*) FROM (SELECT * FROM "${schema}".${table} EXCEPT ALL SELECT * FROM public.${table}) d) AS only_rebuilt`);
      result.push({
        table,
        live: Number(row.live),
        rebuilt: Number(row.rebuilt),
        onlyLive: Number(row.only_live),
        onlyRebuilt: Number(row.only_rebuilt),
      });
    }
    return result;
  }
}
