import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { EvaluationAggregatedV1, parsePeriod, periodsOf } from '@deelwijs/contracts';
import type { Principal } from '@deelwijs/identity';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException, Jobs, KNOWLEDGE_QUEUES, type InvalidParam } from '@deelwijs/platform';
import { AuditLog } from '../audit/audit-log.service';
import { KnowledgeConfig } from '../config/knowledge.config';
import type { AggregateQueryDto, CreateEvaluationFormDto, EvaluationResponseDto } from './dto/evaluation.dto';
import { EvaluationsRepository, type Aggregate, type EvaluationForm, type Question } from './evaluations.repository';

export const EVALUATIONS_QUEUE = KNOWLEDGE_QUEUES.evaluations;
export const AGGREGATE_ACTIVITY_JOB = 'aggregate-activity';

/**
 * Short anonymous evaluation forms per activity. Answers are stored without who, where from or
 * when exactly; they leave this service only as aggregates, and only once enough people answered
 * that no single answer can be read back from them.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evaluations: EvaluationsRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
    private readonly jobs: Jobs,
    private readonly config: KnowledgeConfig,
  ) {}

  createForm(principal: Principal, input: CreateEvaluationFormDto) {
    const problems: InvalidParam[] = [];
    const questions: Question[] = input.questions.map((question, index) => {
      const scaleMin = question.scaleMin ?? 1;
      const scaleMax = question.scaleMax ?? 5;
      if (question.kind === 'rating' && scaleMax <= scaleMin) {
        problems.push({ name: `questions.${index}.scaleMax`, reason: 'scaleMax must be greater than scaleMin' });
      }
      return { ...question, label: { ...question.label }, scaleMin, scaleMax };
    });
    const seen = new Set<string>();
    input.questions.forEach((question, index) => {
      if (seen.has(question.questionId)) {
        problems.push({ name: `questions.${index}.questionId`, reason: `questionId ${question.questionId} is used twice` });
      }
      seen.add(question.questionId);
    });
    if (problems.length > 0) {
      throw new InvalidInputException(problems);
    }
    return this.dataSource.transaction(async (manager) => {
      const formId = randomUUID();
      await this.evaluations.insertForm(manager, { formId, activityId: input.activityId, title: input.title, questions });
      await this.audit.record(manager, { principal, action: 'evaluation-form.created', entityType: 'evaluation-form', entityId: formId });
      return this.form(manager, formId);
    });
  }

  getForm(formId: string): Promise<EvaluationForm> {
    return this.form(this.dataSource.manager, formId);
  }

  setOpen(principal: Principal, formId: string, open: boolean): Promise<EvaluationForm> {
    return this.dataSource.transaction(async (manager) => {
      await this.form(manager, formId);
      await this.evaluations.setOpen(manager, formId, open);
      await this.audit.record(manager, { principal, action: open ? 'evaluation-form.opened' : 'evaluation-form.closed', entityType: 'evaluation-form', entityId: formId });
      return this.form(manager, formId);
    });
  }

  /** Checks the answers against the form's questions, stores them anonymously and schedules the aggregation. */
  async respond(formId: string, input: EvaluationResponseDto): Promise<{ received: true }> {
    const form = await this.form(this.dataSource.manager, formId);
    if (!form.open) {
      throw new ConflictException('Dit formulier is gesloten / this form no longer takes responses.');
    }
    const byId = new Map(form.questions.map((question) => [question.questionId, question]));
    const problems: InvalidParam[] = [];
    const ratings: Record<string, number> = {};
    const comments: Record<string, string> = {};
    for (const [questionId, value] of Object.entries(input.ratings ?? {})) {
      const question = byId.get(questionId);
      if (!question || question.kind !== 'rating') {
        problems.push({ name: `ratings.${questionId}`, reason: 'is not a rating question of this form' });
      } else if (!Number.isInteger(value) || (value as number) < question.scaleMin || (value as number) > question.scaleMax) {
        problems.push({ name: `ratings.${questionId}`, reason: `must be a whole number from ${question.scaleMin} to ${question.scaleMax}` });
      } else {
        ratings[questionId] = value as number;
      }
    }
    for (const [questionId, value] of Object.entries(input.comments ?? {})) {
      const question = byId.get(questionId);
      if (!question || question.kind !== 'text') {
        problems.push({ name: `comments.${questionId}`, reason: 'is not an open question of this form' });
      } else if (typeof value !== 'string' || value.length > 2000) {
        problems.push({ name: `comments.${questionId}`, reason: 'must be text of at most 2000 characters' });
      } else if (value.trim() !== '') {
        comments[questionId] = value.trim();
      }
    }
    if (problems.length === 0 && Object.keys(ratings).length + Object.keys(comments).length === 0) {
      problems.push({ name: 'ratings', reason: 'answer at least one question' });
    }
    if (problems.length > 0) {
      throw new InvalidInputException(problems);
    }
    // The day only, in Dutch time: enough to place the answer in a period, too coarse to tell who answered.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    await this.evaluations.insertResponse(this.dataSource.manager, { responseId: randomUUID(), formId, submittedOn: today, ratings, comments });
    await this.jobs.add(
      EVALUATIONS_QUEUE,
      AGGREGATE_ACTIVITY_JOB,
      { activityId: form.activityId },
      {
        delay: this.config.EVALUATION_AGGREGATE_DELAY_MS,
        // One aggregation per burst of answers; one more if answers arrive while it runs.
        deduplication: { id: `evaluation-${form.activityId}`, keepLastIfActive: true },
      },
    );
    return { received: true };
  }

  /** Rating averages and comments of one form, when enough people answered. */
  async results(formId: string) {
    const form = await this.form(this.dataSource.manager, formId);
    const { responses, averages, comments } = await this.evaluations.formResults(this.dataSource.manager, formId);
    const enough = responses >= this.config.EVALUATION_MIN_RESPONSES;
    return {
      formId,
      activityId: form.activityId,
      responses,
      minimumResponses: this.config.EVALUATION_MIN_RESPONSES,
      ...(enough ? { averages, comments } : {}),
    };
  }

  /**
   * Aggregates of the activity (its month) and of its prestatie (the month, quarter and year the
   * activity fell in), stored and emitted in one transaction. Scopes below the minimum are skipped.
   */
  async aggregateActivity(activityId: string): Promise<Aggregate[]> {
    return this.dataSource.transaction(async (manager) => {
      const activity = await this.evaluations.activityContext(manager, activityId);
      const when = activity.startsAt ?? activity.firstAnswer;
      if (!when) {
        return [];
      }
      const periods = periodsOf(when);
      const aggregates: Aggregate[] = [];
      const own = await this.evaluations.averageOfActivity(manager, activityId);
      aggregates.push({ scope: 'activity', key: activityId, period: periods.month, ...own });
      if (activity.prestatieCode) {
        for (const period of [periods.month, periods.quarter, periods.year]) {
          const { from, to } = parsePeriod(period)!;
          const sum = await this.evaluations.averageOfPrestatie(manager, activity.prestatieCode, from, to);
          aggregates.push({ scope: 'prestatie', key: activity.prestatieCode, period, ...sum });
        }
      }
      const emitted = aggregates.filter((aggregate) => aggregate.responses >= this.config.EVALUATION_MIN_RESPONSES);
      const computedAt = new Date().toISOString();
      for (const aggregate of emitted) {
        await this.evaluations.saveAggregate(manager, aggregate, computedAt);
        await this.outbox.append(manager, EvaluationAggregatedV1, {
          scope: aggregate.scope,
          ...(aggregate.scope === 'activity' ? { activityId: aggregate.key } : { prestatieCode: aggregate.key }),
          period: aggregate.period,
          responses: aggregate.responses,
          averages: aggregate.averages,
          computedAt,
        });
      }
      return emitted;
    });
  }

  async aggregates(filter: AggregateQueryDto) {
    const stored = await this.evaluations.aggregates(this.dataSource.manager, filter);
    return stored.map((aggregate) => ({ ...aggregate, computedAt: aggregate.computedAt.toISOString() }));
  }

  private async form(manager: EntityManager, formId: string): Promise<EvaluationForm> {
    const form = await this.evaluations.findForm(manager, formId);
    if (!form) {
      throw new NotFoundException(`Formulier ${formId} bestaat niet / evaluation form ${formId} does not exist.`);
    }
    return form;
  }
}
