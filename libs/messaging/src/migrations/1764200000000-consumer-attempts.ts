import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How often a consumer has started a handler on an event, counted outside the handler's
 * transaction so that a count survives a crash in it. NATS's own delivery count is no measure:
 * nats-server 2.9 starts it again at 1 when it hands a message back whose consumer process died.
 */
export class ConsumerAttempts1764200000000 implements MigrationInterface {
  name = 'ConsumerAttempts1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE consumer_attempts (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        attempts int NOT NULL,
        last_attempt_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE consumer_attempts`);
  }
}
