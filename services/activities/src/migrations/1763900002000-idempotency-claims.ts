import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each attempt's claim on an Idempotency-Key, so its answer can be written with its work. */
export class IdempotencyClaims1763900002000 implements MigrationInterface {
  name = 'IdempotencyClaims1763900002000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE idempotency_keys ADD COLUMN claim uuid`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // The table may be gone already: IdempotencyKeys1764100000000 (libs/platform) drops it.
    await runner.query(`ALTER TABLE IF EXISTS idempotency_keys DROP COLUMN claim`);
  }
}
