import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The SQL of the metrics: how far the outbox relay is behind. */
@Injectable()
export class MetricsRepository {
  async outbox(db: EntityManager): Promise<{ backlog: number; oldestAgeSeconds: number }> {
    // The partial index outbox_unpublished keeps this to the unpublished rows.
    const [row] = (await db.query(
      `SELECT count(*)::int AS backlog, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age
         FROM outbox WHERE published_at IS NULL`,
    )) as Array<{ backlog: number; age: number }>;
    return { backlog: row.backlog, oldestAgeSeconds: row.age };
  }
}
