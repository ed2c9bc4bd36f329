import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AdviceAnsweredV1, AdviceIssuedV1 } from '@deelwijs/contracts';
import type { Principal } from '@deelwijs/identity';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException } from '@deelwijs/platform';
import { AuditLog } from '../audit/audit-log';
import type { AdviceView, AnswerAdviceDto, FollowUpDto, IssueAdviceDto } from './dto/advice.dto';

interface AdviceRow {
  advice_id: string;
  item_id: string | null;
  title: string;
  summary: string;
  adviser: string;
  adviser_organisation_id: string | null;
  solicited: boolean;
  prestatie_codes: string[];
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

/**
 * An advice's lifecycle: issued (counts toward targets such as "at least two youth-council
 * advices"), answered by the province, then followed up. Issuing and answering are events.
 */
@Injectable()
export class AdvicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
  ) {}

  issue(principal: Principal, input: IssueAdviceDto): Promise<AdviceView> {
    return this.dataSource.transaction(async (manager) => {
      if (input.itemId && (await manager.query(`SELECT 1 FROM knowledge_items WHERE item_id = $1`, [input.itemId])).length === 0) {
        throw new InvalidInputException([{ name: 'itemId', reason: `itemId must name an existing knowledge item; ${input.itemId} does not exist` }]);
      }
      const adviceId = randomUUID();
      const prestatieCodes = [...new Set(input.prestatieCodes ?? [])];
      await manager.query(
        `INSERT INTO advices (advice_id, item_id, title, summary, adviser, adviser_organisation_id, solicited, prestatie_codes, status, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'issued', $9)`,
        [adviceId, input.itemId ?? null, input.title, input.summary ?? '', input.adviser, input.adviserOrganisationId ?? null, input.solicited, prestatieCodes, input.issuedAt],
      );
      await this.outbox.append(manager, AdviceIssuedV1, {
        adviceId,
        itemId: input.itemId,
        title: input.title,
        adviser: input.adviser,
        adviserOrganisationId: input.adviserOrganisationId,
        solicited: input.solicited,
        prestatieCodes,
        issuedAt: new Date(input.issuedAt).toISOString(),
      });
      await this.audit.record(manager, { principal, action: 'advice.issued', entityType: 'advice', entityId: adviceId });
      return this.find(manager, adviceId);
    });
  }

  answer(principal: Principal, adviceId: string, input: AnswerAdviceDto): Promise<AdviceView> {
    return this.dataSource.transaction(async (manager) => {
      const advice = await this.lock(manager, adviceId);
      if (advice.status !== 'issued') {
        throw new ConflictException(`Advies ${adviceId} is al beantwoord / advice ${adviceId} was already answered.`);
      }
      if (new Date(input.answeredAt) < advice.issued_at) {
        throw new InvalidInputException([{ name: 'answeredAt', reason: 'answeredAt must not lie before the advice was issued' }]);
      }
      await manager.query(`UPDATE advices SET status = 'answered', outcome = $2, response = $3, answered_at = $4 WHERE advice_id = $1`, [
        adviceId,
        input.outcome,
        input.response,
        input.answeredAt,
      ]);
      await this.outbox.append(manager, AdviceAnsweredV1, {
        adviceId,
        outcome: input.outcome,
        answeredAt: new Date(input.answeredAt).toISOString(),
      });
      await this.audit.record(manager, { principal, action: 'advice.answered', entityType: 'advice', entityId: adviceId, details: { outcome: input.outcome } });
      return this.find(manager, adviceId);
    });
  }

  followUp(principal: Principal, adviceId: string, input: FollowUpDto): Promise<AdviceView> {
    return this.dataSource.transaction(async (manager) => {
      const advice = await this.lock(manager, adviceId);
      if (advice.status === 'issued') {
        throw new ConflictException(`Advies ${adviceId} is nog niet beantwoord / answer the advice before recording its follow-up.`);
      }
      await manager.query(`INSERT INTO advice_follow_ups (follow_up_id, advice_id, description, due_on) VALUES ($1, $2, $3, $4)`, [
        randomUUID(),
        adviceId,
        input.description,
        input.dueOn ?? null,
      ]);
      await manager.query(`UPDATE advices SET status = 'follow-up' WHERE advice_id = $1`, [adviceId]);
      await this.audit.record(manager, { principal, action: 'advice.follow-up', entityType: 'advice', entityId: adviceId });
      return this.find(manager, adviceId);
    });
  }

  get(adviceId: string): Promise<AdviceView> {
    return this.find(this.dataSource.manager, adviceId);
  }

  async list(filter: { status?: string; prestatie?: string }): Promise<AdviceView[]> {
    const rows: AdviceRow[] = await this.dataSource.query(
      `${SELECT_ADVICE} WHERE ($1::text IS NULL OR a.status = $1) AND ($2::text IS NULL OR $2 = ANY(a.prestatie_codes))
       ORDER BY a.issued_at DESC, a.advice_id`,
      [filter.status ?? null, filter.prestatie ?? null],
    );
    return rows.map(toView);
  }

  private async lock(manager: EntityManager, adviceId: string): Promise<AdviceRow> {
    const rows: AdviceRow[] = await manager.query(`SELECT *, '[]'::json AS follow_ups FROM advices WHERE advice_id = $1 FOR UPDATE`, [adviceId]);
    if (!rows[0]) {
      throw new NotFoundException(`Advies ${adviceId} bestaat niet / advice ${adviceId} does not exist.`);
    }
    return rows[0];
  }

  private async find(manager: EntityManager, adviceId: string): Promise<AdviceView> {
    const rows: AdviceRow[] = await manager.query(`${SELECT_ADVICE} WHERE a.advice_id = $1`, [adviceId]);
    if (!rows[0]) {
      throw new NotFoundException(`Advies ${adviceId} bestaat niet / advice ${adviceId} does not exist.`);
    }
    return toView(rows[0]);
  }
}

function toView(row: AdviceRow): AdviceView {
  return {
    adviceId: row.advice_id,
    title: row.title,
    summary: row.summary,
    adviser: row.adviser,
    ...(row.adviser_organisation_id ? { adviserOrganisationId: row.adviser_organisation_id } : {}),
    solicited: row.solicited,
    prestatieCodes: row.prestatie_codes,
    ...(row.item_id ? { itemId: row.item_id } : {}),
    status: row.status,
    issuedAt: row.issued_at.toISOString(),
    ...(row.outcome ? { outcome: row.outcome } : {}),
    ...(row.response ? { response: row.response } : {}),
    ...(row.answered_at ? { answeredAt: row.answered_at.toISOString() } : {}),
    followUps: row.follow_ups.map((followUp) => ({
      followUpId: followUp.followUpId,
      description: followUp.description,
      ...(followUp.dueOn ? { dueOn: followUp.dueOn } : {}),
      recordedAt: new Date(followUp.recordedAt).toISOString(),
    })),
  };
}
