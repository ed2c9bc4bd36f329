import { UnprocessableInputException, type InvalidParam } from '@deelwijs/platform';
import type { PayloadOf, ProgrammePublishedV1 } from '@deelwijs/contracts';

/**
 * A programme as the services that do the work know it (their local read model, fed by
 * reporting's programme events): its period, whether it is the default of that period, and
 * which prestaties and numbered actions it holds. Budgets, targets and texts stay in reporting.
 */
export interface ProgrammeRecord {
  programmeCode: string;
  version: number;
  /** Calendar dates in Amsterdam, inclusive; null for a programme known only as withdrawn. */
  periodStart: string | null;
  periodEnd: string | null;
  isDefaultForPeriod: boolean;
  withdrawn: boolean;
  prestaties: Array<{ code: string; actions: number[] }>;
}

/** The read model's row for a published programme. */
export function recordOfPublished(event: PayloadOf<typeof ProgrammePublishedV1>): ProgrammeRecord {
  return {
    programmeCode: event.programmeCode,
    version: event.version,
    periodStart: event.period.start,
    periodEnd: event.period.end,
    isDefaultForPeriod: event.isDefaultForPeriod,
    withdrawn: false,
    prestaties: event.prestaties.map((prestatie) => ({
      code: prestatie.code,
      actions: prestatie.actions.map((action) => action.number),
    })),
  };
}

/** What a piece of work names: its programme (optional), its prestaties and its actions, each with the field that named it. */
export interface ScopeClaim {
  programmeCode?: string;
  /** The day the work falls on (an activity's start, an advice's issue date): picks the default programme. */
  date: Date;
  prestaties: Array<{ code: string; field: string }>;
  actions: Array<{ prestatieCode: string; number: number; field: string }>;
}

export type ScopeDecision =
  | { programmeCode: string | null; refusals?: undefined }
  | { programmeCode?: undefined; refusals: InvalidParam[] };

/**
 * Decides the programme of a piece of work and checks what it names against it:
 *
 * - No programme known at all (a fresh start before reporting published any): accepted as
 *   given, the programme left null when omitted; reporting counts such work in the default
 *   programme of its period. Refusing would make the services' start-up order matter.
 * - Otherwise strictly: a named programme must be known and not withdrawn; an omitted one is
 *   the default programme of the period the date falls in; every prestatie must be one of the
 *   programme's, every action one of that prestatie's numbers. Each refusal names the field
 *   that was wrong (`programmeCode`, `prestatieCode`, `actionNumber`, or the path the service
 *   gives).
 * - Work left without a programme on a day no default programme covers (last year's advice,
 *   recorded late) is accepted with the programme null, as reporting counts null: in the default
 *   programme of its period, should one be published; there is nothing to check it against.
 */
export function decideScope(known: ProgrammeRecord[], claim: ScopeClaim): ScopeDecision {
  if (known.length === 0) {
    return { programmeCode: claim.programmeCode ?? null };
  }
  const programme = claim.programmeCode
    ? known.find((candidate) => candidate.programmeCode === claim.programmeCode)
    : defaultProgramme(known, claim.date);
  if (!claim.programmeCode && !programme) {
    return { programmeCode: null };
  }
  if (!programme || programme.withdrawn) {
    const reason = programme
      ? `programme ${claim.programmeCode} was withdrawn; it takes no new work`
      : `programme ${claim.programmeCode} is not known`;
    return { refusals: [{ name: 'programmeCode', reason }] };
  }
  const refusals: InvalidParam[] = [];
  const prestatieOf = (code: string) => programme.prestaties.find((prestatie) => prestatie.code === code);
  for (const prestatie of claim.prestaties) {
    if (!prestatieOf(prestatie.code)) {
      refusals.push({
        name: prestatie.field,
        reason: `prestatie ${prestatie.code} is not part of programme ${programme.programmeCode}`,
      });
    }
  }
  for (const action of claim.actions) {
    const prestatie = prestatieOf(action.prestatieCode);
    if (prestatie && !prestatie.actions.includes(action.number)) {
      refusals.push({
        name: action.field,
        reason: `prestatie ${action.prestatieCode} of programme ${programme.programmeCode} has no action ${action.number}${
          prestatie.actions.length ? ` (its actions: ${prestatie.actions.join(', ')})` : ''
        }`,
      });
    }
  }
  return refusals.length > 0 ? { refusals } : { programmeCode: programme.programmeCode };
}

/** The programme decideScope settles on, or the 422 naming each field it refuses. */
export function programmeOrRefuse(known: ProgrammeRecord[], claim: ScopeClaim): string | null {
  const decision = decideScope(known, claim);
  if (decision.refusals) {
    throw new UnprocessableInputException(decision.refusals);
  }
  return decision.programmeCode;
}

/**
 * The default programme of the day the date falls on in Amsterdam. Should two overlap (a
 * revision published before the old one was withdrawn), the one that started last wins.
 */
export function defaultProgramme(known: ProgrammeRecord[], date: Date): ProgrammeRecord | undefined {
  const day = amsterdamDate(date);
  return known
    .filter(
      (programme) =>
        programme.isDefaultForPeriod &&
        !programme.withdrawn &&
        programme.periodStart !== null &&
        programme.periodEnd !== null &&
        programme.periodStart <= day &&
        day <= programme.periodEnd,
    )
    .sort((a, b) => (b.periodStart! < a.periodStart! ? -1 : b.periodStart! > a.periodStart! ? 1 : 0))[0];
}

const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Amsterdam, "2026-03-12": the programmes' periods are such days. */
export function amsterdamDate(date: Date): string {
  return AMSTERDAM_DAY.format(date);
}
