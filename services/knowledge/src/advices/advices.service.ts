import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AdviceAnsweredV1, AdviceIssuedV1 } from '@deelwijs/contracts';
import type { Principal } from '@deelwijs/identity';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException } from '@deelwijs/platform';
import { AuditLog } from '../audit/audit-log.service';
import { ItemsService } from '../items/items.service';
import { ProgrammesService } from '@deelwijs/programme-scope';
import { AdvicesRepository, type Advice } from './advices.repository';
import type { AdviceQueryDto, AdviceView, AnswerAdviceDto, FollowUpDto, IssueAdviceDto } from './dto/advice.dto';

/**
 * An advice's lifecycle: issued (counts toward targets such as "at least two youth-council
 * advices"), answered by the province, then followed up. Issuing and answering are events.
 */
@Injectable()
export class AdvicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly advices: AdvicesRepository,
    private readonly items: ItemsService,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
    private readonly programmes: ProgrammesService,
  ) {}

  issue(principal: Principal, input: IssueAdviceDto): Promise<AdviceView> {
    return this.dataSource.transaction(async (manager) => {
      if (input.itemId && !(await this.items.exists(manager, input.itemId))) {
        throw new InvalidInputException([{ name: 'itemId', reason: `itemId must name an existing knowledge item; ${input.itemId} does not exist` }]);
      }
      const adviceId = randomUUID();
      const actions = (input.actions ?? []).map(({ prestatieCode, actionNumber }) => ({ prestatieCode, actionNumber }));
      // The prestaties of its actions are the advice's prestaties too (as the event says).
      const prestatieCodes = [...new Set([...(input.prestatieCodes ?? []), ...actions.map((action) => action.prestatieCode)])];
      const programmeCode = await this.programmes.programmeOf(manager, {
        programmeCode: input.programmeCode,
        date: new Date(input.issuedAt),
        prestaties: [
          ...(input.prestatieCodes ?? []).map((code, index) => ({ code, field: `prestatieCodes[${index}]` })),
          ...actions.map((action, index) => ({ code: action.prestatieCode, field: `actions[${index}].prestatieCode` })),
        ],
        actions: actions.map((action, index) => ({
          prestatieCode: action.prestatieCode,
          number: action.actionNumber,
          field: `actions[${index}].actionNumber`,
        })),
      });
      await this.advices.insert(manager, {
        adviceId,
        itemId: input.itemId ?? null,
        title: input.title,
        summary: input.summary ?? '',
        adviser: input.adviser,
        adviserOrganisationId: input.adviserOrganisationId ?? null,
        solicited: input.solicited,
        programmeCode,
        prestatieCodes,
        actions,
        issuedAt: input.issuedAt,
      });
      await this.outbox.append(manager, AdviceIssuedV1, {
        adviceId,
        itemId: input.itemId,
        title: input.title,
        adviser: input.adviser,
        adviserOrganisationId: input.adviserOrganisationId,
        solicited: input.solicited,
        programmeCode: programmeCode ?? undefined,
        prestatieCodes,
        actions,
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
      if (new Date(input.answeredAt) < advice.issuedAt) {
        throw new InvalidInputException([{ name: 'answeredAt', reason: 'answeredAt must not lie before the advice was issued' }]);
      }
      await this.advices.answer(manager, adviceId, input);
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
      await this.advices.addFollowUp(manager, adviceId, { followUpId: randomUUID(), description: input.description, dueOn: input.dueOn });
      await this.audit.record(manager, { principal, action: 'advice.follow-up', entityType: 'advice', entityId: adviceId });
      return this.find(manager, adviceId);
    });
  }

  get(adviceId: string): Promise<AdviceView> {
    return this.find(this.dataSource.manager, adviceId);
  }

  async list(filter: AdviceQueryDto): Promise<AdviceView[]> {
    return (await this.advices.list(this.dataSource.manager, filter)).map(toView);
  }

  private async lock(manager: EntityManager, adviceId: string): Promise<Advice> {
    const advice = await this.advices.lock(manager, adviceId);
    if (!advice) {
      throw new NotFoundException(`Advies ${adviceId} bestaat niet / advice ${adviceId} does not exist.`);
    }
    return advice;
  }

  private async find(manager: EntityManager, adviceId: string): Promise<AdviceView> {
    const advice = await this.advices.find(manager, adviceId);
    if (!advice) {
      throw new NotFoundException(`Advies ${adviceId} bestaat niet / advice ${adviceId} does not exist.`);
    }
    return toView(advice);
  }
}

function toView(advice: Advice): AdviceView {
  return {
    adviceId: advice.adviceId,
    title: advice.title,
    summary: advice.summary,
    adviser: advice.adviser,
    ...(advice.adviserOrganisationId ? { adviserOrganisationId: advice.adviserOrganisationId } : {}),
    solicited: advice.solicited,
    programmeCode: advice.programmeCode,
    prestatieCodes: advice.prestatieCodes,
    actions: advice.actions,
    ...(advice.itemId ? { itemId: advice.itemId } : {}),
    status: advice.status,
    issuedAt: advice.issuedAt.toISOString(),
    ...(advice.outcome ? { outcome: advice.outcome } : {}),
    ...(advice.response ? { response: advice.response } : {}),
    ...(advice.answeredAt ? { answeredAt: advice.answeredAt.toISOString() } : {}),
    followUps: advice.followUps.map((followUp) => ({
      followUpId: followUp.followUpId,
      description: followUp.description,
      ...(followUp.dueOn ? { dueOn: followUp.dueOn } : {}),
      recordedAt: followUp.recordedAt.toISOString(),
    })),
  };
}
