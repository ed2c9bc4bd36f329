import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each service's copy of organisations and API key hashes, projected from the identity stream. */
export class IdentityTables1763800000100 implements MigrationInterface {
  name = 'IdentityTables1763800000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE organisations (
        organisation_id uuid PRIMARY KEY,
        name text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE api_keys (
        key_id uuid PRIMARY KEY,
        key_hash char(64) UNIQUE,
        organisation_id uuid,
        roles text[] NOT NULL DEFAULT '{}',
        label text NOT NULL DEFAULT '',
        issued_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE api_keys`);
    await runner.query(`DROP TABLE organisations`);
  }
}
