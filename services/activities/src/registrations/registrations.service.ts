import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { InvalidInputException, type InvalidParam } from '@deelwijs/platform';
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
  type RegistrationView,
} from './dto/registration.dto';
import { IdempotencyService } from './idempotency/idempotency.service';
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
      await this.idempotency.answerInTransaction(db, 201, view);
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
    const requests: BookingRequest[] = [];
    const indexes: number[] = [];
    const invalid: InvalidParam[] = [];
    items.forEach((raw, index) => {
      const item = plainToInstance(BulkRegistrationItemDto, raw ?? {});
      const errors = validateSync(item, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0) {
        const problems = invalidParamsOf(errors, `items[${index}]`);
        invalid.push(...problems);
        results[index] = {
          index,
          outcome: 'rejected',
          reason: problems.map((problem) => `${problem.name}: ${problem.reason}`).join('; '),
        };
      } else {
        requests.push({ activityId: item.activityId, details: item });
        indexes.push(index);
      }
    });
    if (strict && invalid.length > 0) {
      throw new InvalidInputException(invalid);
    }
    return this.dataSource.transaction(async (db) => {
      const bookings = await this.booking.book(db, requests, registrant, { allOrNothing: strict });
      const failed = bookings.flatMap((booking, at) =>
        booking.outcome !== 'placed' ? [describe(booking, indexes[at])] : [],
      );
      if (strict && failed.length > 0) {
        throw new ConflictException({
          message: `Strict bulk registration refused: ${failed.length} of ${items.length} items cannot be registered; nothing was written.`,
          items: failed,
        });
      }
      bookings.forEach((booking, at) => {
        results[indexes[at]] = describe(booking, indexes[at]);
      });
      const summary = { accepted: 0, waitlisted: 0, duplicate: 0, rejected: 0 };
      for (const result of results) {
        summary[result.outcome] += 1;
      }
      const answer = { summary, items: results };
      await this.idempotency.answerInTransaction(db, 200, answer);
      return answer;
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
