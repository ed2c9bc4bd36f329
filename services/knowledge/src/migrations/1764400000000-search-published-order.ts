import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A search without words lists the newest published items first and takes at most a bounded
 * number of them (see SearchRepository). In this order the index hands them over already
 * sorted, so the listing reads as many rows as it keeps, instead of sorting every published item.
 */
export class SearchPublishedOrder1764400000000 implements MigrationInterface {
  name = 'SearchPublishedOrder1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX knowledge_items_published_order ON knowledge_items (published_at DESC NULLS LAST, item_id) WHERE status = 'published'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX knowledge_items_published_order`);
  }
}
