import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  RegistrationAcceptedV1,
  RegistrationCancelledV1,
  RegistrationWaitlistedV1,
} from '@deelwijs/contracts';
import type { Principal } from '@deelwijs/identity';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException, type InvalidParam } from '@deelwijs/platform';
import { Activity } from '../activities/activity.entity';
import { toAmsterdamIso } from '../activities/amsterdam-time';
import {
  BulkRegistrationItemDto,
  type BulkItemResult,
  type BulkRegistrationResult,
  type RegistrationInputDto,
  type RegistrationView,
} from './dto/registration.dto';
import { IdempotencyClaim } from './idempotency/idempotency-claim';
import { isRefusal, place, type ActivityUnderLock, type Placed, type Refusal } from './placement';
import { Registration, type CancelledBy } from './registration.entity';
import { toRegistrationView } from './registration-view';
import { updatedRows, Waitlist } from './waitlist';

interface Candidate {
  index: number;
  activityId: string;
  input: RegistrationInputDto;
}

type Decision =
  | { candidate: Candidate; outcome: 'placed'; placed: Placed; registrationId: string }
  | { candidate: Candidate; outcome: 'duplicate'; registrationId: string }
  | { candidate: Candidate; outcome: 'rejected'; refusal: Refusal };

/** Who registers: an organiser (or admin) for anyone, or a partner for its own organisation. */
export interface Registrant {
  registeredBy: 'organiser' | 'partner';
  partnerOrganisationId: string | null;
}

export function registrantOf(principal: Principal): Registrant {
  const staff = principal.roles.some((role) => role === 'organiser' || role === 'admin');
  if (staff) {
    return { registeredBy: 'organiser', partnerOrganisationId: null };
  }
  if (!principal.organisationId) {
    throw new ForbiddenException('A partner registers with an API key of its organisation.');
  }
  return { registeredBy: 'partner', partnerOrganisationId: principal.organisationId };
}

/**
 * Registrations, one by one or in bulk, under the activity's row lock so that concurrent
 * requests can never overbook: each transaction sees the places the previous one took.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly waitlist: Waitlist,
  ) {}

  async register(
    activityId: string,
    input: RegistrationInputDto,
    registrant: Registrant,
  ): Promise<RegistrationView> {
    return this.dataSource.transaction(async (manager) => {
      const [decision] = await this.decide(manager, [{ index: 0, activityId, input }], registrant);
      if (decision.outcome === 'duplicate') {
        throw new ConflictException(
          `externalReference "${input.externalReference}" is already registered as ${decision.registrationId}.`,
        );
      }
      if (decision.outcome === 'rejected') {
        throw refusalToHttp(decision.refusal);
      }
      await this.write(manager, [decision], registrant);
      const view = toRegistrationView(registrationOf(decision, registrant), decision.placed.position ?? null);
      await IdempotencyClaim.answerInTransaction(manager, 201, view);
      return view;
    });
  }

  /**
   * Up to 10,000 registrations in one transaction, answered per item. In strict mode any
   * invalid, refused or duplicate item fails the request and nothing is written.
   */
  async registerBulk(
    items: Array<Record<string, unknown>>,
    strict: boolean,
    registrant: Registrant,
  ): Promise<BulkRegistrationResult> {
    const results: BulkItemResult[] = new Array(items.length);
    const candidates: Candidate[] = [];
    const invalid: InvalidParam[] = [];
    items.forEach((raw, index) => {
      const item = plainToInstance(BulkRegistrationItemDto, raw ?? {});
      const errors = validateSync(item, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0) {
        const problems = flattenErrors(errors, `items[${index}]`);
        invalid.push(...problems);
        results[index] = {
          index,
          outcome: 'rejected',
          reason: problems.map((problem) => `${problem.name}: ${problem.reason}`).join('; '),
        };
      } else {
        candidates.push({ index, activityId: item.activityId, input: item });
      }
    });
    if (strict && invalid.length > 0) {
      throw new InvalidInputException(invalid);
    }
    return this.dataSource.transaction(async (manager) => {
      const decisions = await this.decide(manager, candidates, registrant);
      const failed = decisions.filter((decision) => decision.outcome !== 'placed');
      if (strict && failed.length > 0) {
        throw new ConflictException({
          message: `Strict bulk registration refused: ${failed.length} of ${items.length} items cannot be registered; nothing was written.`,
          items: failed.map((decision) => describe(decision)),
        });
      }
      await this.write(
        manager,
        decisions.filter((decision) => decision.outcome === 'placed'),
        registrant,
      );
      for (const decision of decisions) {
        results[decision.candidate.index] = describe(decision);
      }
      const summary = { accepted: 0, waitlisted: 0, duplicate: 0, rejected: 0 };
      for (const result of results) {
        summary[result.outcome] += 1;
      }
      const answer = { summary, items: results };
      await IdempotencyClaim.answerInTransaction(manager, 200, answer);
      return answer;
    });
  }

  async list(
    activityId: string,
    principal: Principal,
  ): Promise<{ items: RegistrationView[]; registrationIds: string[] }> {
    const registrant = registrantOf(principal);
    const activity = await this.dataSource.getRepository(Activity).findOneBy({ id: activityId });
    if (!activity) {
      throw new NotFoundException(`Activity ${activityId} does not exist.`);
    }
    const registrations = await this.dataSource.getRepository(Registration).find({
      where: {
        activityId,
        ...(registrant.partnerOrganisationId
          ? { partnerOrganisationId: registrant.partnerOrganisationId }
          : {}),
      },
      order: { waitlistSeq: 'ASC' },
    });
    let position = 0;
    const items = registrations.map((registration) =>
      toRegistrationView(registration, registration.status === 'waitlisted' ? (position += 1) : null),
    );
    return { items, registrationIds: registrations.map((registration) => registration.id) };
  }

  async get(id: string, principal: Principal): Promise<RegistrationView> {
    const registrant = registrantOf(principal);
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id });
    if (
      !registration ||
      (registrant.partnerOrganisationId &&
        registration.partnerOrganisationId !== registrant.partnerOrganisationId)
    ) {
      throw new NotFoundException(`Registration ${id} does not exist.`);
    }
    return toRegistrationView(registration, await this.positionOf(registration));
  }

  /**
   * Cancels a registration. Registrants and partners may do so until the activity's deadline;
   * organisers until the activity is held. A freed place goes to the waiting list.
   */
  async cancel(
    id: string,
    by: CancelledBy,
    partnerOrganisationId?: string | null,
  ): Promise<RegistrationView> {
    return this.dataSource.transaction(async (manager) => {
      const known = await manager.findOneBy(Registration, { id });
      if (!known || (partnerOrganisationId && known.partnerOrganisationId !== partnerOrganisationId)) {
        throw new NotFoundException(`Registration ${id} does not exist.`);
      }
      // Activity first, then the registration: the same order as registering, so no deadlock.
      const activity = await manager.findOne(Activity, {
        where: { id: known.activityId },
        lock: { mode: 'pessimistic_write' },
      });
      const registration = await manager.findOneOrFail(Registration, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (registration.status === 'cancelled') {
        return toRegistrationView(registration);
      }
      if (activity!.status !== 'published' && activity!.status !== 'draft') {
        throw new ConflictException(
          `The activity is ${activity!.status}; its registrations can no longer be cancelled.`,
        );
      }
      const deadline = new Date(
        activity!.startsAt.getTime() - activity!.cancellationDeadlineHours * 3_600_000,
      );
      if (by !== 'organiser' && new Date() > deadline) {
        throw new ConflictException(
          `Cancellation closed at ${toAmsterdamIso(deadline)}, ${activity!.cancellationDeadlineHours} hours before the start; ask the organiser.`,
        );
      }
      const wasWaitlisted = registration.status === 'waitlisted';
      await manager.update(
        Registration,
        { id },
        { status: 'cancelled', cancelledAt: new Date(), cancelledBy: by },
      );
      await this.outbox.append(manager, RegistrationCancelledV1, {
        registrationId: id,
        activityId: registration.activityId,
        partnerOrganisationId: registration.partnerOrganisationId ?? undefined,
        kind: registration.kind,
        headcount: registration.headcount,
        wasWaitlisted,
        cancelledBy: by,
      });
      if (!wasWaitlisted) {
        activity!.placesTaken -= registration.places;
        await manager.update(
          Activity,
          { id: activity!.id },
          { placesTaken: activity!.placesTaken, updatedAt: new Date() },
        );
        await this.waitlist.promote(manager, activity!);
      }
      return toRegistrationView({ ...registration, status: 'cancelled' });
    });
  }

  async checkIn(activityId: string, id: string): Promise<RegistrationView> {
    return this.dataSource.transaction(async (manager) => {
      const activity = await manager.findOne(Activity, {
        where: { id: activityId },
        lock: { mode: 'pessimistic_read' },
      });
      const registration = await manager.findOneBy(Registration, { id, activityId });
      if (!activity || !registration) {
        throw new NotFoundException(`Registration ${id} of activity ${activityId} does not exist.`);
      }
      if (activity.status !== 'published' && activity.status !== 'held') {
        throw new ConflictException(
          `The activity is ${activity.status}; attendance can be recorded while it is published or held.`,
        );
      }
      if (registration.status !== 'accepted') {
        throw new ConflictException(
          `Registration ${id} is ${registration.status}; only an accepted registration can check in.`,
        );
      }
      if (!registration.checkedInAt) {
        registration.checkedInAt = new Date();
        await manager.update(Registration, { id }, { checkedInAt: registration.checkedInAt });
      }
      return toRegistrationView(registration);
    });
  }

  private async positionOf(registration: Registration): Promise<number | null> {
    if (registration.status !== 'waitlisted') {
      return null;
    }
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS ahead FROM registrations WHERE activity_id = $1 AND status = 'waitlisted' AND waitlist_seq < $2`,
      [registration.activityId, registration.waitlistSeq],
    )) as Array<{ ahead: number }>;
    return row.ahead + 1;
  }

  /** Locks the activities involved (in id order, so concurrent bulks cannot deadlock) and places every candidate. */
  private async decide(
    manager: EntityManager,
    candidates: Candidate[],
    registrant: Registrant,
  ): Promise<Decision[]> {
    const activityIds = [...new Set(candidates.map((candidate) => candidate.activityId))].sort();
    const locked = new Map<string, ActivityUnderLock>();
    if (activityIds.length > 0) {
      const activities = await manager
        .createQueryBuilder(Activity, 'a')
        .setLock('pessimistic_write')
        .where({ id: In(activityIds) })
        .orderBy('a.id')
        .getMany();
      // Counted after the lock is held, in a statement of its own: a subquery beside FOR UPDATE
      // would see the snapshot from before the wait, missing what the lock holder waitlisted.
      const waiting = (await manager.query(
        `SELECT activity_id, count(*)::int AS waiting FROM registrations
          WHERE activity_id = ANY ($1) AND status = 'waitlisted' GROUP BY activity_id`,
        [activityIds],
      )) as Array<{ activity_id: string; waiting: number }>;
      const waitingBy = new Map(waiting.map((row) => [row.activity_id, row.waiting]));
      for (const activity of activities) {
        locked.set(activity.id, { activity, waiting: waitingBy.get(activity.id) ?? 0 });
      }
    }
    const existing = await this.existingReferences(manager, candidates, registrant);
    const partner = registrant.partnerOrganisationId
      ? { organisationId: registrant.partnerOrganisationId }
      : undefined;
    const now = new Date();
    return candidates.map((candidate): Decision => {
      const reference = candidate.input.externalReference;
      if (reference !== undefined && existing.has(reference)) {
        return { candidate, outcome: 'duplicate', registrationId: existing.get(reference)! };
      }
      const result = place(
        locked.get(candidate.activityId) ?? { activity: undefined, waiting: 0 },
        candidate.activityId,
        candidate.input,
        partner,
        now,
      );
      if (isRefusal(result)) {
        return { candidate, outcome: 'rejected', refusal: result };
      }
      const registrationId = randomUUID();
      if (reference !== undefined && registrant.partnerOrganisationId) {
        // A second item with the same reference in this request is a duplicate of the first.
        existing.set(reference, registrationId);
      }
      return { candidate, outcome: 'placed', placed: result, registrationId };
    });
  }

  private async existingReferences(
    manager: EntityManager,
    candidates: Candidate[],
    registrant: Registrant,
  ): Promise<Map<string, string>> {
    const references = candidates
      .map((candidate) => candidate.input.externalReference)
      .filter((reference): reference is string => !!reference);
    if (!registrant.partnerOrganisationId || references.length === 0) {
      return new Map();
    }
    const rows = (await manager.query(
      `SELECT external_reference, id FROM registrations WHERE partner_organisation_id = $1 AND external_reference = ANY ($2)`,
      [registrant.partnerOrganisationId, references],
    )) as Array<{ external_reference: string; id: string }>;
    return new Map(rows.map((row) => [row.external_reference, row.id]));
  }

  /** One multi-row INSERT for the registrations, one UPDATE for the places taken, then the events. */
  private async write(manager: EntityManager, decisions: Decision[], registrant: Registrant): Promise<void> {
    const placed = decisions.filter(
      (decision): decision is Extract<Decision, { outcome: 'placed' }> => decision.outcome === 'placed',
    );
    if (placed.length === 0) {
      return;
    }
    const column = <T>(pick: (decision: (typeof placed)[number]) => T) => placed.map(pick);
    await manager.query(
      `INSERT INTO registrations (id, activity_id, kind, status, headcount, places, partner_organisation_id,
                                  external_reference, registered_by, language, contact_name, contact_email,
                                  contact_phone, school_name, class_name)
       SELECT id, activity_id, kind, status, headcount, places, $7::uuid, external_reference, $8, language,
              contact_name, contact_email, contact_phone, school_name, class_name
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::int[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
              WITH ORDINALITY AS item (id, activity_id, kind, status, headcount, places, external_reference, language,
                                       contact_name, contact_email, contact_phone, school_name, class_name, n)
        ORDER BY n`,
      [
        column((d) => d.registrationId),
        column((d) => d.candidate.activityId),
        column((d) => d.candidate.input.kind),
        column((d) => d.placed.status),
        column((d) => d.placed.headcount),
        column((d) => d.placed.places),
        registrant.partnerOrganisationId,
        registrant.registeredBy,
        column((d) => d.candidate.input.externalReference ?? null),
        column((d) => d.candidate.input.language ?? 'nl'),
        column((d) => d.candidate.input.contactName),
        column((d) => d.candidate.input.contactEmail),
        column((d) => d.candidate.input.contactPhone ?? null),
        column((d) => d.candidate.input.schoolName ?? null),
        column((d) => d.candidate.input.className ?? null),
      ],
    );
    const taken = new Map<string, number>();
    for (const decision of placed) {
      if (decision.placed.status === 'accepted') {
        taken.set(
          decision.candidate.activityId,
          (taken.get(decision.candidate.activityId) ?? 0) + decision.placed.places,
        );
      }
    }
    if (taken.size > 0) {
      await manager.query(
        `UPDATE activities SET places_taken = places_taken + t.places, updated_at = now()
           FROM unnest($1::uuid[], $2::int[]) AS t (id, places) WHERE activities.id = t.id`,
        [[...taken.keys()], [...taken.values()]],
      );
    }
    const facts = (decision: (typeof placed)[number]) => ({
      registrationId: decision.registrationId,
      activityId: decision.candidate.activityId,
      partnerOrganisationId: registrant.partnerOrganisationId ?? undefined,
      kind: decision.candidate.input.kind,
      headcount: decision.placed.headcount,
    });
    await this.outbox.appendMany(
      manager,
      RegistrationAcceptedV1,
      placed.filter((decision) => decision.placed.status === 'accepted').map(facts),
    );
    await this.outbox.appendMany(
      manager,
      RegistrationWaitlistedV1,
      placed
        .filter((decision) => decision.placed.status === 'waitlisted')
        .map((decision) => ({ ...facts(decision), position: decision.placed.position! })),
    );
  }
}

/** The registration as just inserted, without reading it back. */
function registrationOf(
  decision: Extract<Decision, { outcome: 'placed' }>,
  registrant: Registrant,
): Registration {
  const { input, activityId } = decision.candidate;
  return {
    id: decision.registrationId,
    activityId,
    kind: input.kind,
    status: decision.placed.status,
    headcount: decision.placed.headcount,
    places: decision.placed.places,
    partnerOrganisationId: registrant.partnerOrganisationId,
    externalReference: input.externalReference ?? null,
    registeredBy: registrant.registeredBy,
    waitlistSeq: '',
    language: input.language ?? 'nl',
    contactName: input.contactName,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone ?? null,
    schoolName: input.schoolName ?? null,
    className: input.className ?? null,
    checkedInAt: null,
    promotedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    anonymisedAt: null,
    createdAt: new Date(),
  };
}

function describe(decision: Decision): BulkItemResult {
  const { index, input } = decision.candidate;
  const reference =
    input.externalReference !== undefined ? { externalReference: input.externalReference } : {};
  switch (decision.outcome) {
    case 'placed':
      return {
        index,
        outcome: decision.placed.status,
        registrationId: decision.registrationId,
        ...reference,
        ...(decision.placed.position !== undefined ? { waitlistPosition: decision.placed.position } : {}),
      };
    case 'duplicate':
      return { index, outcome: 'duplicate', registrationId: decision.registrationId, ...reference };
    case 'rejected':
      return {
        index,
        outcome: 'rejected',
        ...reference,
        reason:
          decision.refusal.kind === 'invalid'
            ? `${decision.refusal.field}: ${decision.refusal.reason}`
            : decision.refusal.reason,
      };
  }
}

function refusalToHttp(refusal: Refusal): Error {
  switch (refusal.kind) {
    case 'not-found':
      return new NotFoundException(`${refusal.reason[0].toUpperCase()}${refusal.reason.slice(1)}.`);
    case 'forbidden':
      return new ForbiddenException(`${refusal.reason[0].toUpperCase()}${refusal.reason.slice(1)}.`);
    case 'closed':
      return new ConflictException(`${refusal.reason[0].toUpperCase()}${refusal.reason.slice(1)}.`);
    case 'invalid':
      return new InvalidInputException([{ name: refusal.field, reason: refusal.reason }]);
  }
}

function flattenErrors(errors: ValidationError[], prefix: string): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ name, reason }));
    return [...own, ...flattenErrors(error.children ?? [], name)];
  });
}

export { updatedRows };
