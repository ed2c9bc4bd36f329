import type { ActivityPlan, RegistrationPlan } from './plan';

export type Outcome = 'accepted' | 'waitlisted' | 'duplicate' | 'rejected';
export type RegistrationState = 'accepted' | 'waitlisted' | 'cancelled';

interface Held {
  key: number;
  places: number;
  headcount: number;
  state: RegistrationState;
  /** The service's id, once it answered. */
  id?: string;
  checkedIn: boolean;
}

/**
 * The simulator's own account of one activity: its status and who holds a place or waits,
 * following the rules the activities service documents (places in the capacity unit, a
 * waiting list no newcomer overtakes, promotion in order until the next does not fit, a
 * cancelled activity cancels its registrations). It predicts every answer before the request
 * is sent; the ground truth is this account, never what the service says.
 */
export class ActivityModel {
  status: 'draft' | 'published' | 'held' | 'closed' | 'cancelled' = 'draft';
  placesTaken = 0;
  readonly registrations: Held[] = [];
  id?: string;
  /** Where the activity stands now: first a date in the near future, later its real one. */
  startsAt?: Date;
  participants?: number;

  /** The programme the activity names explicitly (the seed programme or the second one). */
  constructor(
    readonly plan: ActivityPlan,
    readonly programmeCode: string,
  ) {}

  /** Predicts (and records) where a registration goes, as the service's placement does. */
  place(registration: RegistrationPlan, now: Date): Outcome {
    if (registration.invalid || this.status !== 'published' || !this.startsAt || this.startsAt <= now) {
      return 'rejected';
    }
    const places = this.plan.capacityUnit === 'people' ? registration.headcount : 1;
    const waiting = this.registrations.some((held) => held.state === 'waitlisted');
    const fits = this.plan.capacity === null || this.placesTaken + places <= this.plan.capacity;
    const state: RegistrationState = !waiting && fits ? 'accepted' : 'waitlisted';
    if (state === 'accepted') {
      this.placesTaken += places;
    }
    this.registrations.push({
      key: registration.key,
      places,
      headcount: registration.headcount,
      state,
      checkedIn: false,
    });
    return state;
  }

  find(key: number): Held | undefined {
    return this.registrations.find((held) => held.key === key);
  }

  /** A registration is cancelled: its place goes to the waiting list, in order, while they fit. */
  cancelRegistration(key: number): void {
    const held = this.find(key)!;
    const wasAccepted = held.state === 'accepted';
    held.state = 'cancelled';
    if (!wasAccepted) {
      return;
    }
    this.placesTaken -= held.places;
    for (const waiting of this.registrations.filter((candidate) => candidate.state === 'waitlisted')) {
      if (this.plan.capacity !== null && this.placesTaken + waiting.places > this.plan.capacity) {
        break;
      }
      this.placesTaken += waiting.places;
      waiting.state = 'accepted';
    }
  }

  cancel(): void {
    this.status = 'cancelled';
    this.placesTaken = 0;
    for (const held of this.registrations) {
      held.state = 'cancelled';
    }
  }

  get accepted(): Held[] {
    return this.registrations.filter((held) => held.state === 'accepted');
  }

  get waitlisted(): number {
    return this.registrations.filter((held) => held.state === 'waitlisted').length;
  }

  /** People with a place: what reporting's "registrations" measure sums. */
  get registeredHeadcount(): number {
    return this.accepted.reduce((sum, held) => sum + held.headcount, 0);
  }

  get checkedInHeadcount(): number {
    return this.accepted.filter((held) => held.checkedIn).reduce((sum, held) => sum + held.headcount, 0);
  }
}

/** References a partner has used: the service answers a second use with "duplicate". */
export class ReferenceBook {
  private readonly used = new Map<string, Set<string>>();

  has(partner: string, reference: string): boolean {
    return this.used.get(partner)?.has(reference) ?? false;
  }

  add(partner: string, reference: string): void {
    const set = this.used.get(partner) ?? new Set<string>();
    set.add(reference);
    this.used.set(partner, set);
  }
}
