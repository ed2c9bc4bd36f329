import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface FollowUp {
  followUpId: string;
  description: string;
  dueOn: string | null;
  recordedAt: Date;
}

export interface Advice {
  adviceId: string;
  itemId: string | null;
  title: string;
  summary: string;
  adviser: string;
  adviserOrganisationId: string | null;
  solicited: boolean;
  /** The programme the advice counts in; null: the default programme of the period it was issued in. */
  programmeCode: string | null;
  prestatieCodes: string[];
  /** The numbered actions it was given under. */
  actions: Array<{ prestatieCode: string; actionNumber: number }>;
  status: string;
  issuedAt: Date;
  outcome: string | null;
  response: string | null;
  answeredAt: Date | null;
  followUps: FollowUp[];
}

interface AdviceRow {
  advice_id: string;
  item_id: string | null;
  title: string;
  summary: string;
  adviser: string;
  adviser_organisation_id: string | null;
  solicited: boolean;
  programme_code: string | null;
  prestatie_codes: string[];
  actions: Array<{ prestatieCode: string; actionNumber: number }>;
  status: string;
  issued_at: Date;
  outcome: string | null;
  response: string | null;
  answered_at: Date | null;
  follow_ups: { followUpId: string; description: string; dueOn: string | null; recordedAt: string }[];
}

const SELECT_ADVICE = `
  SELECT a.*, (SELECT coalesce(json_agg(json_build_object('followUpId', f.follow_up_id, 'description', f.description,
                 'dueOn', f.due_on, 'recordedAt', f.recorded_at) ORDER BY f.recorded_at, f.follow_up_id), '[]')
                 FROM advice_follow_ups f WHERE f.advice_id = a.advice_id) AS follow_ups
    FROM advices a`;

/** Data access for advices and their follow-ups; the lifecycle lives in AdvicesService. */
@Injectable()
export class AdvicesRepository {
  async insert(
    transaction: EntityManager,
    advice: Pick<Advice, 'adviceId' | 'itemId' | 'title' | 'summary' | 'adviser' | 'adviserOrganisationId' | 'solicited' | 'programmeCode' | 'prestatieCodes' | 'actions'> & { issuedAt: string },
  ): Promise<void> {
    await transaction.query(
      `INSERT INTO advices (advice_id, item_id, title, summary, adviser, adviser_organisation_id, solicited, prestatie_codes, status, issued_at,
                            programme_code, actions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'issued', $9, $10, $11)`,
      [
        advice.adviceId,
        advice.itemId,
        advice.title,
        advice.summary,
        advice.adviser,
        advice.adviserOrganisationId,
        advice.solicited,
        advice.prestatieCodes,
        advice.issuedAt,
        advice.programmeCode,
        JSON.stringify(advice.actions),
      ],
    );
  }

  /** The advice, locked for the rest of the transaction (without its follow-ups). */
  async lock(transaction: EntityManager, adviceId: string): Promise<Advice | undefined> {
    const rows: AdviceRow[] = await transaction.query(`SELECT *, '[]'::json AS follow_ups FROM advices WHERE advice_id = $1 FOR UPDATE`, [adviceId]);
    return rows[0] ? toAdvice(rows[0]) : undefined;
  }

  async answer(transaction: EntityManager, adviceId: string, answer: { outcome: string; response: string; answeredAt: string }): Promise<void> {
    await transaction.query(`UPDATE advices SET status = 'answered', outcome = $2, response = $3, answered_at = $4 WHERE advice_id = $1`, [
      adviceId,
      answer.outcome,
      answer.response,
      answer.answeredAt,
    ]);
  }

  /** Adds a follow-up and puts the advice in follow-up. */
  async addFollowUp(transaction: EntityManager, adviceId: string, followUp: { followUpId: string; description: string; dueOn?: string }): Promise<void> {
    await transaction.query(`INSERT INTO advice_follow_ups (follow_up_id, advice_id, description, due_on) VALUES ($1, $2, $3, $4)`, [
      followUp.followUpId,
      adviceId,
      followUp.description,
      followUp.dueOn ?? null,
    ]);
    await transaction.query(`UPDATE advices SET status = 'follow-up' WHERE advice_id = $1`, [adviceId]);
  }

  async find(manager: EntityManager, adviceId: string): Promise<Advice | undefined> {
    const rows: AdviceRow[] = await manager.query(`${SELECT_ADVICE} WHERE a.advice_id = $1`, [adviceId]);
    return rows[0] ? toAdvice(rows[0]) : undefined;
  }

  /** Newest first. */
  async list(manager: EntityManager, filter: { status?: string; prestatie?: string; programme?: string }): Promise<Advice[]> {
    const rows: AdviceRow[] = await manager.query(
      `${SELECT_ADVICE} WHERE ($1::text IS NULL OR a.status = $1) AND ($2::text IS NULL OR $2 = ANY(a.prestatie_codes))
         AND ($3::text IS NULL OR a.programme_code = $3)
       ORDER BY a.issued_at DESC, a.advice_id`,
      [filter.status ?? null, filter.prestatie ?? null, filter.programme ?? null],
    );
    return rows.map(toAdvice);
  }
}

function toAdvice(row: AdviceRow): Advice {
  return {
    adviceId: row.advice_id,
    itemId: row.item_id,
    title: row.title,
    summary: row.summary,
    adviser: row.adviser,
    adviserOrganisationId: row.adviser_organisation_id,
    solicited: row.solicited,
    programmeCode: row.programme_code,
    prestatieCodes: row.prestatie_codes,
    actions: row.actions,
    status: row.status,
    issuedAt: row.issued_at,
    outcome: row.outcome,
    response: row.response,
    answeredAt: row.answered_at,
    followUps: row.follow_ups.map((followUp) => ({ ...followUp, recordedAt: new Date(followUp.recordedAt) })),
  };
}
