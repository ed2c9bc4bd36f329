import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type CatalogueTable = 'activity_types' | 'location_categories';

export interface CatalogueEntry {
  slug: string;
  label: { nl: string; en: string };
  active: boolean;
}

/** The two catalogue tables; `table` is always one of the two names, never input. */
@Injectable()
export class CatalogueRepository {
  async list(db: EntityManager, table: CatalogueTable): Promise<CatalogueEntry[]> {
    const rows = (await db.query(
      `SELECT slug, label_nl, label_en, active FROM ${table} ORDER BY slug`,
    )) as Array<{
      slug: string;
      label_nl: string;
      label_en: string;
      active: boolean;
    }>;
    return rows.map((row) => ({
      slug: row.slug,
      label: { nl: row.label_nl, en: row.label_en },
      active: row.active,
    }));
  }

  /** Adds an entry, or relabels and (re)activates an existing one. */
  async upsert(db: EntityManager, table: CatalogueTable, entry: CatalogueEntry): Promise<void> {
    await db.query(
      `INSERT INTO ${table} (slug, label_nl, label_en, active) VALUES ($1, $2, $3, $4)
       ON CONFLICT (slug) DO UPDATE SET label_nl = EXCLUDED.label_nl, label_en = EXCLUDED.label_en, active = EXCLUDED.active`,
      [entry.slug, entry.label.nl, entry.label.en, entry.active],
    );
  }

  /**
   * Whether each slug is in use, undefined where its table does not know it: both tables in one
   * round trip, which creating an activity pays on every request.
   */
  async activeness(
    db: EntityManager,
    slugs: { type?: string; locationCategory?: string },
  ): Promise<{ type?: boolean; locationCategory?: boolean }> {
    const [row] = (await db.query(
      `SELECT (SELECT active FROM activity_types WHERE slug = $1) AS type,
              (SELECT active FROM location_categories WHERE slug = $2) AS "locationCategory"`,
      [slugs.type ?? null, slugs.locationCategory ?? null],
    )) as Array<{ type: boolean | null; locationCategory: boolean | null }>;
    return { type: row.type ?? undefined, locationCategory: row.locationCategory ?? undefined };
  }
}
