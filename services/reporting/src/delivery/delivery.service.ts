import { ConflictException, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { InvalidInputException, Jobs, Mailer, RetryLaterError } from '@deelwijs/platform';
import { ReportingConfig } from '../config/reporting.config';
import { t, type Language } from '../reports/i18n';
import { renderReport } from '../reports/report-formats';
import type { ProgrammeReport } from '../reports/report.model';
import { ReportsService } from '../reports/reports.service';
import { JOB_NAMES, QUEUES } from '../jobs/queues';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook } from './webhook-signature';
import { SubscriptionRepository, type Channel, type Delivery, type Subscription } from './subscription.repository';
import { WebhookTargets } from './webhook-targets';
import { PersonalDataAudit } from '../privacy/personal-data-audit';
import type { Principal } from '@deelwijs/identity';

export interface DeliverJobData {
  deliveryId: string;
  subscriptionId: string;
  programmeCode: string;
  period: string;
}

/**
 * Sends approved reports to subscribers. Each (subscriber, report) is one delivery row with a
 * deterministic id, which is also its job id, its webhook's Deelwijs-Delivery-Id and its
 * e-mail's Message-ID: adding the job twice adds it once, a delivered row is never sent again,
 * and the rare repeat after a crash between sending and recording carries the same id, so the
 * receiver can recognise it. Failed attempts back off exponentially; a delivery that runs out of
 * attempts is marked failed, stays listed, and can be retried.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly config: ReportingConfig,
    private readonly jobs: Jobs,
    private readonly repository: SubscriptionRepository,
    private readonly reports: ReportsService,
    private readonly mailer: Mailer,
    private readonly targets: WebhookTargets,
    private readonly audit: PersonalDataAudit,
  ) {}

  async subscribe(input: { programmeCode: string; channel: Channel; target: string; language: Language; secret?: string }) {
    await this.reports.programme(input.programmeCode);
    if (input.channel === 'webhook') {
      const url = URL.canParse(input.target) ? new URL(input.target) : undefined;
      if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && this.config.DELIVERY_ALLOW_HTTP))) {
        throw new InvalidInputException([
          { name: 'target', reason: this.config.DELIVERY_ALLOW_HTTP ? 'must be an http(s) URL' : 'must be an https:// URL' },
        ]);
      }
      // A well-formed URL that may not be reached: 422, not 400.
      const refusal = await this.targets.refusal(url);
      if (refusal) {
        throw new UnprocessableEntityException({ message: `target: ${refusal}`, invalidParams: [{ name: 'target', reason: refusal }] });
      }
    } else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.target)) {
      throw new InvalidInputException([{ name: 'target', reason: 'must be an e-mail address' }]);
    }
    const secret = input.channel === 'webhook' ? (input.secret ?? randomBytes(32).toString('hex')) : undefined;
    const created = await this.repository.create({ id: randomUUID(), ...input, secret });
    if (!created) {
      throw new ConflictException(`${input.target} already subscribes to ${input.programmeCode} by ${input.channel}.`);
    }
    // The secret is shown once, to the one who subscribes.
    return { ...created, ...(secret ? { secret } : {}) };
  }

  /** The list shows subscribers' e-mail addresses: audited, with the ids of those subscriptions. */
  async subscriptions(reader: Principal): Promise<Subscription[]> {
    return this.repository.transaction(async (db) => {
      const subscriptions = await this.repository.list(db);
      const withAddress = subscriptions.filter((subscription) => subscription.channel === 'email').map((subscription) => subscription.id);
      await this.audit.record(db, reader, 'list-subscriptions', { subscriptionIds: withAddress });
      return subscriptions;
    });
  }

  async unsubscribe(id: string): Promise<void> {
    if (!(await this.repository.remove(id))) {
      throw new NotFoundException(`Subscription ${id} does not exist.`);
    }
  }

  /** Newest first; failed ones stay until retried. */
  deliveries(status?: Delivery['status']): Promise<Delivery[]> {
    return this.repository.deliveries(status);
  }

  deliveryId(subscriptionId: string, programmeCode: string, period: string): string {
    const hex = createHash('sha256').update(`${subscriptionId}|${programmeCode}|${period}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /**
   * Called in the transaction that handles the approval event: a row and a job for every
   * subscriber. The job may start before this transaction commits; it then writes the same row
   * itself (same id, ON CONFLICT DO NOTHING waits for this transaction), so it never misses it.
   */
  async scheduleDeliveries(tx: EntityManager, programmeCode: string, period: string): Promise<void> {
    const rows = await this.repository.createDeliveries(tx, programmeCode, period, (subscriptionId) =>
      this.deliveryId(subscriptionId, programmeCode, period),
    );
    for (const row of rows) {
      await this.enqueue({ deliveryId: row.id, subscriptionId: row.subscriptionId, programmeCode, period }, row.id);
    }
  }

  private enqueue(data: DeliverJobData, jobId: string) {
    return this.jobs.add(QUEUES.delivery, JOB_NAMES.deliver, data, {
      jobId,
      attempts: this.config.DELIVERY_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.DELIVERY_BACKOFF_MS },
    });
  }

  /** Puts a failed delivery back in the queue for another round of attempts. */
  async retry(id: string) {
    const delivery = await this.repository.delivery(id);
    if (!delivery) {
      throw new NotFoundException(`Delivery ${id} does not exist.`);
    }
    if (!(await this.repository.reopen(id))) {
      throw new ConflictException(`Delivery ${id} is ${delivery.status}; only a failed delivery can be retried.`);
    }
    const job = await this.jobs.queue(QUEUES.delivery).getJob(id);
    if (job && (await job.isFailed())) {
      await job.retry();
    } else {
      const { subscriptionId, programmeCode, period } = delivery;
      await this.enqueue({ deliveryId: id, subscriptionId, programmeCode, period }, `${id}:retry:${delivery.attempts}`);
    }
    return { ...delivery, status: 'pending' as const };
  }

  /** One attempt at a delivery (`attempt` of `attempts`, counted from 1); throws to be retried. */
  async deliver(data: DeliverJobData, { attempt, attempts }: { attempt: number; attempts: number }): Promise<{ delivered: boolean; skipped?: string }> {
    const report = await this.reports.report(data.programmeCode, data.period);
    if (report.workflow.status !== 'approved') {
      throw new Error(`${data.programmeCode} ${data.period} is not approved`);
    }
    await this.repository.recordDelivery(data.deliveryId, data.subscriptionId, data.programmeCode, data.period);
    const delivery = (await this.repository.delivery(data.deliveryId))!;
    if (delivery.status === 'delivered') {
      return { delivered: true, skipped: 'already delivered' };
    }
    const subscription = await this.repository.withSecret(delivery.subscriptionId);
    if (!subscription) {
      return { delivered: false, skipped: 'subscription removed' };
    }
    try {
      if (subscription.channel === 'webhook') {
        await this.postWebhook(subscription, delivery.id, report);
      } else {
        await this.sendMail(subscription, delivery.id, report);
      }
    } catch (error) {
      if (error instanceof RetryLaterError) {
        // The SMTP server is away: the job waits without spending this attempt (JobRunner), so none is recorded.
        throw error;
      }
      const final = attempt >= attempts;
      await this.repository.recordAttempt(delivery.id, { delivered: false, error: (error as Error).message, final });
      throw error;
    }
    await this.repository.recordAttempt(delivery.id, { delivered: true });
    this.logger.log({ msg: 'report delivered', delivery: delivery.id, channel: subscription.channel, attempt });
    return { delivered: true };
  }

  private async postWebhook(subscription: Subscription & { secret?: string }, deliveryId: string, report: ProgrammeReport): Promise<void> {
    const body = JSON.stringify({
      type: 'progress-report.approved',
      deliveryId,
      programmeCode: report.programme.code,
      period: report.period.id,
      language: subscription.language,
      report,
    });
    const status = await this.targets.post(
      subscription.target,
      {
        'content-type': 'application/json',
        [DELIVERY_HEADER]: deliveryId,
        [SIGNATURE_HEADER]: signWebhook(subscription.secret ?? '', body),
      },
      body,
      this.config.DELIVERY_TIMEOUT_MS,
    );
    // A redirect is not followed (it could point anywhere) and counts as a failure.
    if (status < 200 || status >= 300) {
      throw new Error(`webhook answered ${status}`);
    }
  }

  private async sendMail(subscription: Subscription, deliveryId: string, report: ProgrammeReport): Promise<void> {
    const language = subscription.language;
    const [markdown, html, pdf] = await Promise.all(
      (['md', 'html', 'pdf'] as const).map((format) => renderReport(report, format, language)),
    );
    const title = t(report.programme.title, language);
    // An interim report is named by its calendar label ("Najaarsrapportage"), a period by its id.
    const period = report.period.label ? t(report.period.label, language) : `${language === 'nl' ? 'periode' : 'period'} ${report.period.id}`;
    await this.mailer.send({
      to: subscription.target,
      subject: language === 'nl' ? `Voortgangsrapportage ${title}, ${period}, goedgekeurd` : `Progress report ${title}, ${period}, approved`,
      text: markdown.body.toString(),
      html: html.body.toString(),
      messageId: `<delivery-${deliveryId}@deelwijs>`,
      headers: { 'Deelwijs-Delivery-Id': deliveryId },
      attachments: [{ filename: pdf.filename, content: pdf.body as Buffer, contentType: pdf.contentType }],
    });
  }
}
