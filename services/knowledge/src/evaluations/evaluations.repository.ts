import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QuestionDto } from './dto/evaluation.dto';

export interface Question extends QuestionDto {
  scaleMin: number;
  scaleMax: number;
}

export interface EvaluationForm {
  formId: string;
  activityId: string;
  title: string;
  open: boolean;
  questions: Question[];
}

export interface Aggregate {
  scope: 'activity' | 'prestatie';
  key: string;
  period: string;
  responses: number;
  averages: Record<string, number>;
}

export interface StoredAggregate extends Aggregate {
  computedAt: Date;
}

interface FormRow {
  form_id: string;
  activity_id: string;
  title: string;
  questions: Question[];
  open: boolean;
}

/** Data access for evaluation forms, their anonymous responses and the aggregates; the rules live in EvaluationsService. */
@Injectable()
export class EvaluationsRepository {
  async insertForm(transaction: EntityManager, form: Omit<EvaluationForm, 'open'>): Promise<void> {
    await transaction.query(`INSERT INTO evaluation_forms (form_id, activity_id, title, questions) VALUES ($1, $2, $3, $4::jsonb)`, [
      form.formId,
      form.activityId,
      form.title,
      JSON.stringify(form.questions),
    ]);
  }

  async findForm(manager: EntityManager, formId: string): Promise<EvaluationForm | undefined> {
    const rows: FormRow[] = await manager.query(`SELECT * FROM evaluation_forms WHERE form_id = $1`, [formId]);
    const row = rows[0];
    return row ? { formId: row.form_id, activityId: row.activity_id, title: row.title, open: row.open, questions: row.questions } : undefined;
  }

  async setOpen(transaction: EntityManager, formId: string, open: boolean): Promise<void> {
    await transaction.query(`UPDATE evaluation_forms SET open = $2 WHERE form_id = $1`, [formId, open]);
  }

  /** Stores one response: the day it arrived and the answers, nothing about who gave them. */
  async insertResponse(
    manager: EntityManager,
    response: { responseId: string; formId: string; submittedOn: string; ratings: Record<string, number>; comments: Record<string, string> },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO evaluation_responses (response_id, form_id, submitted_on, ratings, comments) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`,
      [response.responseId, response.formId, response.submittedOn, JSON.stringify(response.ratings), JSON.stringify(response.comments)],
    );
  }

  /** The number of responses to one form, its average per rating question and its comments per open question. */
  async formResults(
    manager: EntityManager,
    formId: string,
  ): Promise<{ responses: number; averages: Record<string, number>; comments: Record<string, string[]> }> {
    const [row]: { responses: number; averages: Record<string, string | number> | null; comments: Record<string, string[]> | null }[] =
      await manager.query(
        `SELECT (SELECT count(*)::int FROM evaluation_responses WHERE form_id = $1) AS responses,
                (SELECT json_object_agg(key, round(avg, 2)) FROM (
                   SELECT r.key, avg(r.value::numeric) AS avg FROM evaluation_responses e, jsonb_each_text(e.ratings) r
                    WHERE e.form_id = $1 GROUP BY r.key) a) AS averages,
                (SELECT json_object_agg(key, texts) FROM (
                   SELECT c.key, array_agg(c.value ORDER BY c.value) AS texts FROM evaluation_responses e, jsonb_each_text(e.comments) c
                    WHERE e.form_id = $1 GROUP BY c.key) t) AS comments`,
        [formId],
      );
    return { responses: row.responses, averages: numbers(row.averages ?? {}), comments: row.comments ?? {} };
  }

  /**
   * What places an activity's evaluations in time and in the programme: its prestatie and start
   * from this service's copy of the activity, and the first answer's day (midnight in Amsterdam)
   * for an activity whose facts have not arrived.
   */
  async activityContext(
    manager: EntityManager,
    activityId: string,
  ): Promise<{ prestatieCode: string | null; startsAt: Date | null; firstAnswer: Date | null }> {
    const [row]: { prestatie_code: string | null; starts_at: Date | null; first_answer: Date | null }[] = await manager.query(
      `SELECT r.prestatie_code, r.starts_at,
              (SELECT min(e.submitted_on)::timestamp AT TIME ZONE 'Europe/Amsterdam' FROM evaluation_responses e
                 JOIN evaluation_forms f ON f.form_id = e.form_id WHERE f.activity_id = $1) AS first_answer
         FROM (SELECT $1::uuid AS activity_id) a LEFT JOIN activity_references r ON r.activity_id = a.activity_id`,
      [activityId],
    );
    return { prestatieCode: row.prestatie_code, startsAt: row.starts_at, firstAnswer: row.first_answer };
  }

  /** Responses and rating averages over every form of one activity. */
  averageOfActivity(manager: EntityManager, activityId: string) {
    return this.average(manager, `f.activity_id = $1`, [activityId]);
  }

  /**
   * Responses and rating averages over the forms of a prestatie's activities that were not
   * cancelled and start in [from, to), both Amsterdam calendar dates.
   */
  averageOfPrestatie(manager: EntityManager, prestatieCode: string, from: string, to: string) {
    return this.average(
      manager,
      `f.activity_id IN (SELECT activity_id FROM activity_references WHERE prestatie_code = $1 AND cancelled_at IS NULL
         AND starts_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Amsterdam') AND starts_at < ($3::date::timestamp AT TIME ZONE 'Europe/Amsterdam'))`,
      [prestatieCode, from, to],
    );
  }

  async saveAggregate(transaction: EntityManager, aggregate: Aggregate, computedAt: string): Promise<void> {
    await transaction.query(
      `INSERT INTO evaluation_aggregates (scope, scope_key, period, responses, averages, computed_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (scope, scope_key, period) DO UPDATE SET responses = EXCLUDED.responses, averages = EXCLUDED.averages, computed_at = EXCLUDED.computed_at`,
      [aggregate.scope, aggregate.key, aggregate.period, aggregate.responses, JSON.stringify(aggregate.averages), computedAt],
    );
  }

  async aggregates(manager: EntityManager, filter: { scope?: string; key?: string; period?: string }): Promise<StoredAggregate[]> {
    const rows: { scope: Aggregate['scope']; scope_key: string; period: string; responses: number; averages: Record<string, number>; computed_at: Date }[] =
      await manager.query(
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
      computedAt: row.computed_at,
    }));
  }

  private async average(manager: EntityManager, formFilter: string, params: unknown[]): Promise<{ responses: number; averages: Record<string, number> }> {
    const [row]: { responses: number; averages: Record<string, string> | null }[] = await manager.query(
      `WITH answers AS (SELECT e.ratings FROM evaluation_responses e JOIN evaluation_forms f ON f.form_id = e.form_id WHERE ${formFilter})
       SELECT (SELECT count(*)::int FROM answers) AS responses,
              (SELECT json_object_agg(key, round(avg, 3)) FROM (
                 SELECT r.key, avg(r.value::numeric) AS avg FROM answers a, jsonb_each_text(a.ratings) r GROUP BY r.key) x) AS averages`,
      params,
    );
    return { responses: row.responses, averages: numbers(row.averages ?? {}) };
  }
}

/** json_object_agg gives numerics as JSON numbers or strings; the API and the events want numbers. */
function numbers(values: Record<string, string | number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Number(value)]));
}
