import type { PayloadInputOf, ProgrammePublishedV1 } from '@deelwijs/contracts';
import type { ProgrammeDefinition } from './programme.schema';

/**
 * What other services learn of a programme: its period, whether it is the default of that
 * period, its prestaties and their numbered actions. Budgets, targets and texts stay here.
 */
export function programmePublished(definition: ProgrammeDefinition, version: number, at: Date): PayloadInputOf<typeof ProgrammePublishedV1> {
  return {
    programmeCode: definition.code,
    version,
    title: definition.title,
    period: definition.period,
    isDefaultForPeriod: definition.isDefaultForPeriod,
    prestaties: definition.prestaties.map((prestatie) => ({
      code: prestatie.code,
      title: prestatie.title,
      actions: prestatie.actions.map((action) => ({ number: action.number, text: action.text })),
    })),
    publishedAt: at.toISOString(),
  };
}

/** Two programmes' periods share a day (both inclusive). */
export function periodsOverlap(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}
