import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Published outbox rows and old inbox rows are kept for a while (to trace what was sent and
 * received), then pruned. The inbox must outlive any redelivery: it is kept far longer than
 * the JetStream duplicate window and the consumers' redelivery schedule.
 */
@Injectable()
export class OutboxHousekeeping {
  constructor(private readonly dataSource: DataSource) {}

  async prune(retentionDays: number): Promise<{ outbox: number; inbox: number }> {
    const outbox = await this.dataSource.query(
      `DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)`,
      [retentionDays],
    );
    const inbox = await this.dataSource.query(`DELETE FROM inbox WHERE received_at < now() - make_interval(days => $1)`, [
      retentionDays,
    ]);
    // Attempts of events that were dead-lettered (an applied event's row goes with its transaction).
    await this.dataSource.query(`DELETE FROM consumer_attempts WHERE last_attempt_at < now() - make_interval(days => $1)`, [retentionDays]);
    return { outbox: outbox[1] ?? 0, inbox: inbox[1] ?? 0 };
  }
}
