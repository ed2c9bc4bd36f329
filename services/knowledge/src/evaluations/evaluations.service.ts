import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { EvaluationAggregatedV1 } from '@deelwijs/contracts';
import type { Principal } from '@deelwijs/identity';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException, Jobs, type InvalidParam } from '@deelwijs/platform';
import { AuditLog } from '../audit/audit-log';
import { parsePeriod, periodsOf } from '../common/period';
import { KnowledgeConfig } from '../config/knowledge.config';
import type { CreateEvaluationFormDto, EvaluationResponseDto, QuestionDto } from './dto/evaluation.dto';

export const EVALUATIONS_QUEUE = 'evaluations';
export const AGGREGATE_ACTIVITY_JOB = 'aggregate-activity';

interface Question extends QuestionDto {
  scaleMin: number;
  scaleMax: number;
}

interface FormRow {
  form_id: string;
  activity_id: string;
  title: string;
  questions: Question[];
  open: boolean;
}

export interface Aggregate {
  scope: 'activity' | 'prestatie';
  key: string;
  period: string;
  responses: number;
  averages: Record<string, number>;
}

/**
 * Short anonymous evaluation forms per activity. Answers are stored without who, where from or
 * when exactly; they leave this service only as aggregates, and only once enough people answered
 * that no single answer can be read back from them.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
      await manager.query(`INSERT INTO evaluation_forms (form_id, activity_id, title, questions) VALUES ($1, $2, $3, $4::jsonb)`, [
        formId,
        input.activityId,
        input.title,
        JSON.stringify(questions),
      ]);
      await this.audit.record(manager, { principal, action: 'evaluation-form.created', entityType: 'evaluation-form', entityId: formId });
      return toForm(await this.form(manager, formId));
    });
  }

  async getForm(formId: string) {
    return toForm(await this.form(this.dataSource.manager, formId));
  }

  async setOpen(principal: Principal, formId: string, open: boolean) {
    return this.dataSource.transaction(async (manager) => {
      await this.form(manager, formId);
      await manager.query(`UPDATE evaluation_forms SET open = $2 WHERE form_id = $1`, [formId, open]);
      await this.audit.record(manager, { principal, action: open ? 'evaluation-form.opened' : 'evaluation-form.closed', entityType: 'evaluation-form', entityId: formId });
      return toForm(await this.form(manager, formId));
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
    await this.dataSource.query(
      `INSERT INTO evaluation_responses (response_id, form_id, submitted_on, ratings, comments) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`,
      [randomUUID(), formId, today, JSON.stringify(ratings), JSON.stringify(comments)],
    );
    await this.jobs.add(
      EVALUATIONS_QUEUE,
      AGGREGATE_ACTIVITY_JOB,
      { activityId: form.activity_id },
      {
        delay: this.config.EVALUATION_AGGREGATE_DELAY_MS,
        // One aggregation per burst of answers; one more if answers arrive while it runs.
        deduplication: { id: `evaluation-${form.activity_id}`, keepLastIfActive: true },
      },
    );
    return { received: true };
  }

  /** Rating averages and comments of one form, when enough people answered. */
  async results(formId: string) {
    const form = await this.form(this.dataSource.manager, formId);
    const rows: { responses: number; averages: Record<string, number> | null; comments: Record<string, string[]> | null }[] =
      await this.dataSource.query(
        `SELECT (SELECT count(*)::int FROM evaluation_responses WHERE form_id = $1) AS responses,
                (SELECT json_object_agg(key, round(avg, 2)) FROM (
                   SELECT r.key, avg(r.value::numeric) AS avg FROM evaluation_responses e, jsonb_each_text(e.ratings) r
                    WHERE e.form_id = $1 GROUP BY r.key) a) AS averages,
                (SELECT json_object_agg(key, texts) FROM (
                   SELECT c.key, array_agg(c.value ORDER BY c.value) AS texts FROM evaluation_responses e, jsonb_each_text(e.comments) c
                    WHERE e.form_id = $1 GROUP BY c.key) t) AS comments`,
        [formId],
      );
    const { responses, averages, comments } = rows[0];
    const enough = responses >= this.config.EVALUATION_MIN_RESPONSES;
    return {
      formId,
      activityId: form.activity_id,
      responses,
      minimumResponses: this.config.EVALUATION_MIN_RESPONSES,
      ...(enough ? { averages: numbers(averages ?? {}), comments: comments ?? {} } : {}),
    };
  }

  /**
   * Aggregates of the activity (its month) and of its prestatie (the month, quarter and year the
   * activity fell in), stored and emitted in one transaction. Scopes below the minimum are skipped.
   */
  async aggregateActivity(activityId: string): Promise<Aggregate[]> {
    return this.dataSource.transaction(async (manager) => {
      const [activity]: { prestatie_code: string | null; starts_at: Date | null; first_answer: Date | null }[] = await manager.query(
        `SELECT r.prestatie_code, r.starts_at,
                (SELECT min(e.submitted_on)::timestamp AT TIME ZONE 'Europe/Amsterdam' FROM evaluation_responses e
                   JOIN evaluation_forms f ON f.form_id = e.form_id WHERE f.activity_id = $1) AS first_answer
           FROM (SELECT $1::uuid AS activity_id) a LEFT JOIN activity_references r ON r.activity_id = a.activity_id`,
        [activityId],
      );
      const when = activity.starts_at ?? activity.first_answer;
      if (!when) {
        return [];
      }
      const periods = periodsOf(when);
      const aggregates: Aggregate[] = [];
      const own = await this.average(manager, `f.activity_id = $1`, [activityId]);
      aggregates.push({ scope: 'activity', key: activityId, period: periods.month, ...own });
      if (activity.prestatie_code) {
        for (const period of [periods.month, periods.quarter, periods.year]) {
          const { from, to } = parsePeriod(period)!;
          const sum = await this.average(
            manager,
            `f.activity_id IN (SELECT activity_id FROM activity_references WHERE prestatie_code = $1 AND cancelled_at IS NULL
               AND starts_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Amsterdam') AND starts_at < ($3::date::timestamp AT TIME ZONE 'Europe/Amsterdam'))`,
            [activity.prestatie_code, from, to],
          );
          aggregates.push({ scope: 'prestatie', key: activity.prestatie_code, period, ...sum });
        }
      }
      const emitted = aggregates.filter((aggregate) => aggregate.responses >= this.config.EVALUATION_MIN_RESPONSES);
      const computedAt = new Date().toISOString();
      for (const aggregate of emitted) {
        await manager.query(
          `INSERT INTO evaluation_aggregates (scope, scope_key, period, responses, averages, computed_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
           ON CONFLICT (scope, scope_key, period) DO UPDATE SET responses = EXCLUDED.responses, averages = EXCLUDED.averages, computed_at = EXCLUDED.computed_at`,
          [aggregate.scope, aggregate.key, aggregate.period, aggregate.responses, JSON.stringify(aggregate.averages), computedAt],
        );
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

  async aggregates(filter: { scope?: string; key?: string; period?: string }) {
    const rows: { scope: string; scope_key: string; period: string; responses: number; averages: Record<string, number>; computed_at: Date }[] =
      await this.dataSource.query(
        `SELECT * FROM evaluation_aggregates WHERE ($1::text IS NULL OR scope = $1) AND ($2::text IS NULL OR scope_key = $2)
           AND ($3::text IS NULL OR period = $3) ORDER BY scope, scope_key, period`,
        [filter.scope ?? null, filter.key ?? null, filter.period ?? null],
      );
    return rows.map((row) => ({
      scope: row.scope,
      key: row.scope_key,
      period: row.period,
      responses: row.responses,
      averages: row.averages,
      computedAt: row.computed_at.toISOString(),
    }));
  }

  private async average(manager: EntityManager, formFilter: string, params: unknown[]) {
    const [row]: { responses: number; averages: Record<string, string> | null }[] = await manager.query(
      `WITH answers AS (SELECT e.ratings FROM evaluation_responses e JOIN evaluation_forms f ON f.form_id = e.form_id WHERE ${formFilter})
       SELECT (SELECT count(*)::int FROM answers) AS responses,
              (SELECT json_object_agg(key, round(avg, 3)) FROM (
                 SELECT r.key, avg(r.value::numeric) AS avg FROM answers a, jsonb_each_text(a.ratings) r GROUP BY r.key) x) AS averages`,
      params,
    );
    return { responses: row.responses, averages: numbers(row.averages ?? {}) };
  }

  private async form(manager: EntityManager, formId: string): Promise<FormRow> {
    const rows: FormRow[] = await manager.query(`SELECT * FROM evaluation_forms WHERE form_id = $1`, [formId]);
    if (!rows[0]) {
      throw new NotFoundException(`Formulier ${formId} bestaat niet / evaluation form ${formId} does not exist.`);
    }
    return rows[0];
  }
}

function numbers(values: Record<string, string | number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Number(value)]));
}

function toForm(row: FormRow) {
  return { formId: row.form_id, activityId: row.activity_id, title: row.title, open: row.open, questions: row.questions };
}
