import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every service's Idempotency-Keys (see IdempotencyService): one row per caller and key with
 * the claim of the attempt holding it, whether its work committed, and its answer. Activities
 * had the table before the other services; `IF NOT EXISTS` lets this one migration bring every
 * database to the same shape.
 */
export class IdempotencyKeys1764100000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        state text NOT NULL CHECK (state IN ('in-flight', 'done')),
        response_status int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await runner.query(`ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS claim uuid`);
    await runner.query(`ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS committed_at timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // Activities' older migrations, which also made the table, drop it only if it is still there.
    await runner.query(`DROP TABLE idempotency_keys`);
  }
}
