import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { IdempotencyService, InvalidInputException, type InvalidParam } from '@deelwijs/platform';
import { BookingService, type Booking, type BookingRequest } from '../booking/booking.service';
import type { Refusal } from '../booking/placement';
import type { CancelledBy, Registrant } from '../booking/registration';
import { CancelTokens } from '../cancel-tokens/cancel-tokens';
import { invalidParamsOf } from '../shared/invalid-params';
import { PersonalDataAudit } from '../privacy/personal-data-audit.service';
import {
  BulkRegistrationItemDto,
  type BulkItemResult,
  type BulkRegistrationResult,
  type RegistrationInputDto,
  type RegistrationOutcome,
  type RegistrationView,
} from './dto/registration.dto';
import { registrantOf } from './registrant';
import { toRegistrationView } from './registration-view';

/**
 * The registrations API's use cases: one transaction each, in which the booking core places,
 * cancels or checks in, and the Idempotency-Key's answer is stored with the work. Reads of
 * registrants' details are audit-logged.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly booking: BookingService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: PersonalDataAudit,
    private readonly tokens: CancelTokens,
  ) {}

  async register(
    activityId: string,
    input: RegistrationInputDto,
    registrant: Registrant,
  ): Promise<RegistrationView> {
    return this.dataSource.transaction(async (db) => {
      const [booking] = await this.booking.book(db, [{ activityId, details: input }], registrant);
      if (booking.outcome === 'duplicate') {
        throw new ConflictException(
          `externalReference "${input.externalReference}" is already registered as ${booking.registrationId}.`,
        );
      }
      if (booking.outcome === 'rejected') {
        throw refusalToHttp(booking.refusal);
      }
      const view = toRegistrationView(booking.registration, booking.placed.position ?? null);
      await this.idempotency.answerInTransaction(db, view);
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
    const checked = checkItems(items);
    if (strict && checked.invalid.length > 0) {
      throw new InvalidInputException(checked.invalid.flatMap(({ problems }) => problems));
    }
    return this.dataSource.transaction(async (db) => {
      const bookings = await this.booking.book(db, checked.requests, registrant, { allOrNothing: strict });
      const failed = bookings.flatMap((booking, at) =>
        booking.outcome !== 'placed' ? [describe(booking, checked.indexes[at])] : [],
      );
      if (strict && failed.length > 0) {
        throw new ConflictException({
          message: `Strict bulk registration refused: ${failed.length} of ${items.length} items cannot be registered; nothing was written.`,
          items: failed,
        });
      }
      const results: BulkItemResult[] = new Array(items.length);
      for (const { index, problems } of checked.invalid) {
        results[index] = {
          index,
          outcome: 'rejected',
          reason: problems.map((problem) => `${problem.name}: ${problem.reason}`).join('; '),
        };
      }
      bookings.forEach((booking, at) => {
        results[checked.indexes[at]] = describe(booking, checked.indexes[at]);
      });
      const summary = { accepted: 0, waitlisted: 0, duplicate: 0, rejected: 0 };
      for (const result of results) {
        summary[result.outcome] += 1;
      }
      const answer = { summary, items: results };
      await this.idempotency.answerInTransaction(db, answer);
      return answer;
    });
  }

  /**
   * Registers items the way the bulk API does (same validation, the booking core's placing and
   * duplicates), in the caller's transaction, for features that register rows of their own
   * (imports): one outcome per item, a refusal with its field apart from its reason.
   */
  async registerItems(
    db: EntityManager,
    items: Array<Record<string, unknown>>,
    registrant: Registrant,
  ): Promise<ItemOutcome[]> {
    const checked = checkItems(items);
    const outcomes: ItemOutcome[] = new Array(items.length);
    for (const { index, problems } of checked.invalid) {
      outcomes[index] = {
        outcome: 'rejected',
        field: fieldOf(problems[0]),
        reason: problems.map((problem) => problem.reason).join('; '),
      };
    }
    const bookings = await this.booking.book(db, checked.requests, registrant);
    bookings.forEach((booking, at) => {
      outcomes[checked.indexes[at]] = outcomeOf(booking);
    });
    return outcomes;
  }

  /** What registerItems would refuse in each item before booking (undefined: nothing), writing nothing. */
  checkItems(items: Array<Record<string, unknown>>): Array<{ field: string; reason: string } | undefined> {
    const problemsAt = new Map(checkItems(items).invalid.map(({ index, problems }) => [index, problems]));
    return items.map((_item, index) => {
      const problems = problemsAt.get(index);
      return (
        problems && {
          field: fieldOf(problems[0]),
          reason: problems.map((problem) => problem.reason).join('; '),
        }
      );
    });
  }

  /** An activity's registrations (a partner's own only); the read is audit-logged. */
  async list(activityId: string, principal: Principal): Promise<RegistrationView[]> {
    const registrant = registrantOf(principal);
    const listed = await this.booking.registrationsOf(
      this.dataSource.manager,
      activityId,
      registrant.partnerOrganisationId,
    );
    await this.audit.record(this.dataSource.manager, principal, 'list-registrations', {
      activityId,
      registrationIds: listed.map(({ registration }) => registration.id),
    });
    return listed.map(({ registration, waitlistPosition }) =>
      toRegistrationView(registration, waitlistPosition),
    );
  }

  /** One registration (a partner's own only); the read is audit-logged. */
  async get(id: string, principal: Principal): Promise<RegistrationView> {
    const registrant = registrantOf(principal);
    const { registration, waitlistPosition } = await this.booking.registration(
      this.dataSource.manager,
      id,
      registrant.partnerOrganisationId,
    );
    await this.audit.record(this.dataSource.manager, principal, 'read-registration', {
      activityId: registration.activityId,
      registrationIds: [id],
    });
    return toRegistrationView(registration, waitlistPosition);
  }

  async cancel(
    id: string,
    by: CancelledBy,
    partnerOrganisationId?: string | null,
  ): Promise<RegistrationView> {
    return this.dataSource.transaction(async (db) =>
      toRegistrationView(await this.booking.cancel(db, id, by, partnerOrganisationId)),
    );
  }

  /** The registrant's own cancel link: its token must be the registration's. */
  assertCancelLink(id: string, token: string): void {
    if (!this.tokens.verify(id, token)) {
      throw new ForbiddenException(
        'This cancellation link is not valid. / Deze annuleringslink is niet geldig.',
      );
    }
  }

  async cancelByRegistrant(id: string, token: string): Promise<RegistrationView> {
    this.assertCancelLink(id, token);
    return this.cancel(id, 'registrant');
  }

  async checkIn(activityId: string, id: string): Promise<RegistrationView> {
    return this.dataSource.transaction(async (db) =>
      toRegistrationView(await this.booking.checkIn(db, activityId, id)),
    );
  }
}

/** What became of one item, for features that register rows of their own. */
export interface ItemOutcome {
  outcome: RegistrationOutcome;
  registrationId?: string;
  waitlistPosition?: number;
  /** For a rejection: the field it concerns (activityId when the activity refused). */
  field?: string;
  reason?: string;
}

interface CheckedItems {
  requests: BookingRequest[];
  /** The item index of each request. */
  indexes: number[];
  invalid: Array<{ index: number; problems: InvalidParam[] }>;
}

/** Validates each item on its own, so one bad item is answered in its place. */
function checkItems(items: Array<Record<string, unknown>>): CheckedItems {
  const checked: CheckedItems = { requests: [], indexes: [], invalid: [] };
  items.forEach((raw, index) => {
    const item = plainToInstance(BulkRegistrationItemDto, raw ?? {});
    const errors = validateSync(item, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      checked.invalid.push({ index, problems: invalidParamsOf(errors, `items[${index}]`) });
    } else {
      checked.requests.push({ activityId: item.activityId, details: item });
      checked.indexes.push(index);
    }
  });
  return checked;
}

/** The item's own field, without the bulk request's items[<index>]. */
function fieldOf(problem: InvalidParam): string {
  return problem.name.replace(/^items\[\d+\]\./, '');
}

function outcomeOf(booking: Booking): ItemOutcome {
  switch (booking.outcome) {
    case 'placed':
      return {
        outcome: booking.placed.status,
        registrationId: booking.registration.id,
        ...(booking.placed.position !== undefined ? { waitlistPosition: booking.placed.position } : {}),
      };
    case 'duplicate':
      return { outcome: 'duplicate', registrationId: booking.registrationId };
    case 'rejected':
      return {
        outcome: 'rejected',
        field: booking.refusal.kind === 'invalid' ? booking.refusal.field : 'activityId',
        reason: booking.refusal.reason,
      };
  }
}

function describe(booking: Booking, index: number): BulkItemResult {
  const { details } = booking.request;
  const reference =
    details.externalReference !== undefined ? { externalReference: details.externalReference } : {};
  switch (booking.outcome) {
    case 'placed':
      return {
        index,
        outcome: booking.placed.status,
        registrationId: booking.registration.id,
        ...reference,
        ...(booking.placed.position !== undefined ? { waitlistPosition: booking.placed.position } : {}),
      };
    case 'duplicate':
      return { index, outcome: 'duplicate', registrationId: booking.registrationId, ...reference };
    case 'rejected':
      return {
        index,
        outcome: 'rejected',
        ...reference,
        reason:
          booking.refusal.kind === 'invalid'
            ? `${booking.refusal.field}: ${booking.refusal.reason}`
            : booking.refusal.reason,
      };
  }
}

function refusalToHttp(refusal: Refusal): Error {
  const sentence = `${refusal.reason[0].toUpperCase()}${refusal.reason.slice(1)}.`;
  switch (refusal.kind) {
    case 'not-found':
      return new NotFoundException(sentence);
    case 'closed':
      return new ConflictException(sentence);
    case 'invalid':
      return new InvalidInputException([{ name: refusal.field, reason: refusal.reason }]);
  }
}
