import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { InvalidInputException, type InvalidParam } from '@deelwijs/platform';
import { CatalogueRepository, type CatalogueEntry, type CatalogueTable } from './catalogue.repository';
import type { CatalogueEntryDto } from './dto/catalogue.dto';

export type { CatalogueEntry, CatalogueTable } from './catalogue.repository';

const SLUG = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Activity types and location categories are data, not code: an administrator adds "podcast"
 * or "library" without a release, and every service accepts any slug in events.
 */
@Injectable()
export class CatalogueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueRepository,
  ) {}

  list(table: CatalogueTable): Promise<CatalogueEntry[]> {
    return this.catalogue.list(this.dataSource.manager, table);
  }

  /** Adds an entry, or relabels and (re)activates an existing one. */
  async put(table: CatalogueTable, slug: string, body: CatalogueEntryDto): Promise<CatalogueEntry> {
    if (!SLUG.test(slug)) {
      throw new InvalidInputException([
        { name: 'slug', reason: 'slug must be lower-case letters, digits and -, starting with a letter' },
      ]);
    }
    const entry = { slug, label: body.label, active: body.active ?? true };
    await this.catalogue.upsert(this.dataSource.manager, table, entry);
    return entry;
  }

  /** Rejects a type or location category that is unknown or retired, naming the field. */
  async assertUsable(db: EntityManager, values: { type?: string; locationCategory?: string }): Promise<void> {
    const problems: InvalidParam[] = [];
    const listings = { type: '/v1/activity-types', locationCategory: '/v1/location-categories' } as const;
    const activeness = await this.catalogue.activeness(db, values);
    for (const field of ['type', 'locationCategory'] as const) {
      const value = values[field];
      if (value === undefined) {
        continue;
      }
      const active = activeness[field];
      if (active === undefined) {
        problems.push({ name: field, reason: `${field} "${value}" is not one of ${listings[field]}` });
      } else if (!active) {
        problems.push({ name: field, reason: `${field} "${value}" is no longer in use` });
      }
    }
    if (problems.length > 0) {
      throw new InvalidInputException(problems);
    }
  }
}
