import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version stays immutable in what it says, but a person's erasure (the privacy officer's, by
 * e-mail address) may take their address out of its authors: only in a transaction that says
 * so (`SET LOCAL deelwijs.erasure = 'on'`), and only the authors of the snapshot.
 */
export class ErasableAuthors1764300000000 implements MigrationInterface {
  name = 'ErasableAuthors1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION refuse_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('deelwijs.erasure', true) = 'on'
           AND NEW.item_id = OLD.item_id AND NEW.version = OLD.version AND NEW.change = OLD.change
           AND NEW.changed_by = OLD.changed_by AND NEW.changed_at = OLD.changed_at
           AND (NEW.snapshot - 'authors') = (OLD.snapshot - 'authors') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'knowledge item versions are immutable';
      END $$`);
    await runner.query(`CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX audit_log_occurred_at`);
    await runner.query(`
      CREATE OR REPLACE FUNCTION refuse_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'knowledge item versions are immutable';
      END $$`);
  }
}
