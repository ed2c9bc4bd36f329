import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Language } from '../reports/i18n';

export type Channel = 'webhook' | 'email';

export interface Subscription {
  id: string;
  programmeCode: string;
  channel: Channel;
  target: string;
  language: Language;
  createdAt: string;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  programmeCode: string;
  period: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError?: string;
  createdAt: string;
  deliveredAt?: string;
}

const toSubscription = (row: any): Subscription => ({
  id: row.id,
  programmeCode: row.programme_code,
  channel: row.channel,
  target: row.target,
  language: row.language,
  createdAt: new Date(row.created_at).toISOString(),
});

const toDelivery = (row: any): Delivery => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  programmeCode: row.programme_code,
  period: row.period,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error ?? undefined,
  createdAt: new Date(row.created_at).toISOString(),
  deliveredAt: row.delivered_at ? new Date(row.delivered_at).toISOString() : undefined,
});

/** Subscribers to approved reports, and the deliveries to them (one per subscriber and report). */
@Injectable()
export class SubscriptionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(subscription: Omit<Subscription, 'createdAt'> & { secret?: string }): Promise<Subscription | undefined> {
    const [row] = await this.dataSource.query(
      `INSERT INTO report_subscriptions (id, programme_code, channel, target, secret, language) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (programme_code, channel, target) DO NOTHING RETURNING *`,
      [subscription.id, subscription.programmeCode, subscription.channel, subscription.target, subscription.secret ?? null, subscription.language],
    );
    return row ? toSubscription(row) : undefined;
  }

  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(db: EntityManager = this.dataSource.manager): Promise<Subscription[]> {
    return (await db.query(`SELECT * FROM report_subscriptions ORDER BY created_at`)).map(toSubscription);
  }

  async remove(id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`DELETE FROM report_subscriptions WHERE id = $1`, [id]);
    return count > 0;
  }

  async withSecret(id: string): Promise<(Subscription & { secret?: string }) | undefined> {
    const [row] = await this.dataSource.query(`SELECT * FROM report_subscriptions WHERE id = $1`, [id]);
    return row ? { ...toSubscription(row), secret: row.secret ?? undefined } : undefined;
  }

  /** Creates the deliveries of an approved report, each once; returns the ones still to send. */
  async createDeliveries(
    tx: EntityManager,
    programmeCode: string,
    period: string,
    idOf: (subscriptionId: string) => string,
  ): Promise<Array<{ id: string; subscriptionId: string }>> {
    const subscriptions: { id: string }[] = await tx.query(`SELECT id FROM report_subscriptions WHERE programme_code = $1`, [programmeCode]);
    for (const subscription of subscriptions) {
      await this.recordDelivery(idOf(subscription.id), subscription.id, programmeCode, period, tx);
    }
    const pending: { id: string; subscription_id: string }[] = await tx.query(
      `SELECT id, subscription_id FROM report_deliveries WHERE programme_code = $1 AND period = $2 AND status = 'pending'`,
      [programmeCode, period],
    );
    return pending.map((row) => ({ id: row.id, subscriptionId: row.subscription_id }));
  }

  async recordDelivery(id: string, subscriptionId: string, programmeCode: string, period: string, manager: EntityManager = this.dataSource.manager) {
    await manager.query(
      `INSERT INTO report_deliveries (id, subscription_id, programme_code, period, status) VALUES ($1, $2, $3, $4, 'pending')
       ON CONFLICT (subscription_id, programme_code, period) DO NOTHING`,
      [id, subscriptionId, programmeCode, period],
    );
  }

  async delivery(id: string): Promise<Delivery | undefined> {
    const [row] = await this.dataSource.query(`SELECT * FROM report_deliveries WHERE id = $1`, [id]);
    return row ? toDelivery(row) : undefined;
  }

  async deliveries(status?: string): Promise<Delivery[]> {
    return (
      await this.dataSource.query(`SELECT * FROM report_deliveries WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC LIMIT 500`, [
        status ?? null,
      ])
    ).map(toDelivery);
  }

  async recordAttempt(id: string, outcome: { delivered: true } | { delivered: false; error: string; final: boolean }): Promise<void> {
    if (outcome.delivered) {
      await this.dataSource.query(
        `UPDATE report_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = now(), last_error = NULL WHERE id = $1`,
        [id],
      );
    } else {
      await this.dataSource.query(`UPDATE report_deliveries SET status = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1`, [
        id,
        outcome.final ? 'failed' : 'pending',
        outcome.error.slice(0, 2000),
      ]);
    }
  }

  async reopen(id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`UPDATE report_deliveries SET status = 'pending' WHERE id = $1 AND status = 'failed'`, [id]);
    return count > 0;
  }
}
