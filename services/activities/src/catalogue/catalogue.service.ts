import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { InvalidInputException, type InvalidParam } from '@deelwijs/platform';

export type CatalogueTable = 'activity_types' | 'location_categories';

export interface CatalogueEntry {
  slug: string;
  label: { nl: string; en: string };
  active: boolean;
}

/**
 * Activity types and location categories are data, not code: an administrator adds "podcast"
 * or "library" without a release, and every service accepts any slug in events.
 */
@Injectable()
export class CatalogueService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(table: CatalogueTable): Promise<CatalogueEntry[]> {
    const rows: Array<{ slug: string; label_nl: string; label_en: string; active: boolean }> =
      await this.dataSource.query(`SELECT slug, label_nl, label_en, active FROM ${table} ORDER BY slug`);
    return rows.map((row) => ({
      slug: row.slug,
      label: { nl: row.label_nl, en: row.label_en },
      active: row.active,
    }));
  }

  /** Adds an entry, or relabels and (re)activates an existing one. */
  async upsert(table: CatalogueTable, entry: CatalogueEntry): Promise<CatalogueEntry> {
    await this.dataSource.query(
      `INSERT INTO ${table} (slug, label_nl, label_en, active) VALUES ($1, $2, $3, $4)
       ON CONFLICT (slug) DO UPDATE SET label_nl = EXCLUDED.label_nl, label_en = EXCLUDED.label_en, active = EXCLUDED.active`,
      [entry.slug, entry.label.nl, entry.label.en, entry.active],
    );
    return entry;
  }

  /** Rejects a type or location category that is unknown or retired, naming the field. */
  async assertUsable(
    manager: EntityManager,
    values: { type?: string; locationCategory?: string },
  ): Promise<void> {
    const problems: InvalidParam[] = [];
    const checks: Array<[keyof typeof values, CatalogueTable, string]> = [
      ['type', 'activity_types', '/v1/activity-types'],
      ['locationCategory', 'location_categories', '/v1/location-categories'],
    ];
    for (const [field, table, listing] of checks) {
      const value = values[field];
      if (value === undefined) {
        continue;
      }
      const [row] = (await manager.query(`SELECT active FROM ${table} WHERE slug = $1`, [value])) as Array<{
        active: boolean;
      }>;
      if (!row) {
        problems.push({ name: field, reason: `${field} "${value}" is not one of ${listing}` });
      } else if (!row.active) {
        problems.push({ name: field, reason: `${field} "${value}" is no longer in use` });
      }
    }
    if (problems.length > 0) {
      throw new InvalidInputException(problems);
    }
  }
}
