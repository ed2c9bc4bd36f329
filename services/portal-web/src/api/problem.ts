import type { Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

export interface InvalidParam {
  name: string;
  reason: string;
}

/** An error as the services and the portal answer it (application/problem+json, RFC 9457). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  invalidParams?: InvalidParam[];
  [extension: string]: unknown;
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }

  get status(): number {
    return this.problem.status;
  }
}

export function isSessionExpired(problem: Problem): boolean {
  return problem.status === 401;
}

/**
 * The services write their reasons in English (class-validator's wording and the domain's
 * refusals). These patterns give each known reason its words in the user's language; an
 * unknown one is shown as the service wrote it, after a general sentence in that language.
 */
const REASONS: Array<{
  pattern: RegExp;
  key: MessageKey;
  params?: (match: RegExpExecArray) => Record<string, string>;
}> = [
  { pattern: /must be an e-mail address/, key: 'reason.email' },
  // At least one character is "fill this in" ("Gebruik ten minste 1 tekens" reads wrong).
  { pattern: /must be longer than or equal to 1 characters/, key: 'reason.required' },
  {
    pattern: /must be longer than or equal to (\d+) characters/,
    key: 'reason.minLength',
    params: (m) => ({ n: m[1] }),
  },
  {
    pattern: /must be shorter than or equal to (\d+) characters/,
    key: 'reason.maxLength',
    params: (m) => ({ n: m[1] }),
  },
  // The platform's input rules (libs/platform/src/http/input/input-rules.ts).
  { pattern: /must be at most (\d+) characters long/, key: 'reason.maxLength', params: (m) => ({ n: m[1] }) },
  {
    pattern:
      /must not contain (the NUL character|bidirectional control characters|control or invisible format characters)/,
    key: 'reason.characters',
  },
  {
    pattern: /must be a real calendar date|does not exist in Europe\/Amsterdam|give Amsterdam's offset/,
    key: 'reason.dateTime',
  },
  { pattern: /must not be less than (\d+)/, key: 'reason.min', params: (m) => ({ n: m[1] }) },
  { pattern: /must not be greater than (\d+)/, key: 'reason.max', params: (m) => ({ n: m[1] }) },
  { pattern: /must be an integer number|must be a whole number/, key: 'reason.integer' },
  { pattern: /should not be empty|is required|must be a string/, key: 'reason.required' },
  { pattern: /must be after startsAt/, key: 'reason.endsAfterStart' },
  { pattern: /moving an activity into the past needs a reason/, key: 'reason.pastNeedsReason' },
  { pattern: /must be a slug from/, key: 'reason.choose' },
  { pattern: /must look like 7\.2\.3/, key: 'reason.prestatieFormat' },
  { pattern: /ISO 8601|must carry a UTC offset/, key: 'reason.dateTime' },
  { pattern: /must be a phone number/, key: 'reason.phone' },
  { pattern: /must be a UUID/, key: 'reason.choose' },
  { pattern: /headcount of an individual registration is 1/, key: 'reason.individualHeadcount' },
  {
    pattern: /a group of (\d+) can never fit: .* has (\d+) places/,
    key: 'reason.groupTooLarge',
    params: (m) => ({ n: m[1], places: m[2] }),
  },
  {
    pattern: /rrule yields more than (\d+) occurrences/,
    key: 'reason.tooManyOccurrences',
    params: (m) => ({ n: m[1] }),
  },
  { pattern: /rrule/, key: 'reason.recurrence' },
  // A spreadsheet upload's refusals (registration imports).
  { pattern: /file holds no registrations/, key: 'upload.empty' },
  { pattern: /file cannot be read as|file must be a CSV/, key: 'upload.unreadable' },
  {
    pattern: /file is larger than (\d+) bytes/,
    key: 'upload.tooLarge',
    params: (m) => ({ n: String(Math.floor(Number(m[1]) / 1_048_576)) }),
  },
  {
    pattern: /file holds more than (\d+) rows/,
    key: 'upload.tooManyRows',
    params: (m) => ({ max: m[1] }),
  },
  { pattern: /is not in the first row of the file/, key: 'upload.columnMissing' },
  // Evaluation forms and their anonymous answers (knowledge service).
  {
    pattern: /must be a whole number from (\d+) to (\d+)/,
    key: 'reason.scaleRange',
    params: (m) => ({ min: m[1], max: m[2] }),
  },
  {
    pattern: /must be text of at most (\d+) characters/,
    key: 'reason.maxLength',
    params: (m) => ({ n: m[1] }),
  },
  { pattern: /answer at least one question/, key: 'reason.answerSomething' },
  { pattern: /is not an? (rating|open) question of this form/, key: 'reason.notAQuestion' },
  { pattern: /scaleMax must be greater than scaleMin/, key: 'reason.scaleOrder' },
  { pattern: /questionId must be a lower-case slug/, key: 'reason.questionSlug' },
  { pattern: /is used twice/, key: 'reason.questionTwice' },
];

/** Refusals of a state change (409) and other answers without a field. */
const REFUSALS: Array<{
  pattern: RegExp;
  key: MessageKey;
  params?: (match: RegExpExecArray, t: Translate) => Record<string, string>;
}> = [
  {
    pattern: /An activity that is (\w+) cannot become (\w+)/,
    key: 'refusal.transition',
    params: (m, t) => ({ from: t(`status.${m[1]}` as MessageKey), to: t(`status.${m[2]}` as MessageKey) }),
  },
  {
    pattern: /An activity that is (\w+) can no longer be changed/,
    key: 'refusal.notChangeable',
    params: (m, t) => ({ status: t(`status.${m[1]}` as MessageKey) }),
  },
  { pattern: /cannot be held before it starts/, key: 'refusal.heldBeforeStart' },
  { pattern: /cannot be rescheduled: it already took place or was cancelled/, key: 'refusal.notMovable' },
  { pattern: /capacityUnit cannot change once places are taken/, key: 'refusal.capacityUnit' },
  { pattern: /attendance can be recorded while it is published or held/, key: 'refusal.attendance' },
  { pattern: /only an accepted registration can check in/, key: 'refusal.checkInNotAccepted' },
  { pattern: /has started; registration is closed/, key: 'refusal.registrationClosed' },
  { pattern: /not open for registration/, key: 'refusal.notOpen' },
  { pattern: /not open to registrations from your organisation/, key: 'refusal.notYourActivity' },
  { pattern: /externalReference .* is already registered/, key: 'refusal.duplicateReference' },
  { pattern: /its registrations can no longer be cancelled/, key: 'refusal.cancelTooLate' },
  { pattern: /Cancellation closed at/, key: 'refusal.cancelDeadline' },
  { pattern: /capacity .* below the places taken|fewer places than/i, key: 'refusal.capacityBelowTaken' },
  { pattern: /this form no longer takes responses/, key: 'refusal.formClosed' },
];

function lookUp<T extends { pattern: RegExp; key: MessageKey }>(
  table: T[],
  text: string,
): { entry: T; match: RegExpExecArray } | undefined {
  for (const entry of table) {
    const match = entry.pattern.exec(text);
    if (match) {
      return { entry, match };
    }
  }
  return undefined;
}

export function translateReason(reason: string, t: Translate): string {
  const found = lookUp(REASONS, reason);
  return found ? t(found.entry.key, found.entry.params?.(found.match)) : t('reason.unknown', { reason });
}

/**
 * The messages to show next to each field, keyed by the form's field name. `fieldNames` maps
 * the API's names (title.nl, startsAt) to the form's; names the form does not know are left to
 * the general message.
 */
export function fieldErrors(
  problem: Problem,
  t: Translate,
  fieldNames: Record<string, string> = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const param of problem.invalidParams ?? []) {
    const field = fieldNames[param.name] ?? param.name;
    errors[field] = errors[field]
      ? `${errors[field]} ${translateReason(param.reason, t)}`
      : translateReason(param.reason, t);
  }
  return errors;
}

/** One sentence for the whole answer, in the user's language. */
export function problemMessage(problem: Problem, t: Translate): string {
  if (problem.status === 400 && problem.invalidParams?.length) {
    return t('problem.invalid');
  }
  const found = problem.detail ? lookUp(REFUSALS, problem.detail) : undefined;
  if (found) {
    return t(found.entry.key, found.entry.params?.(found.match, t));
  }
  switch (problem.status) {
    case 0:
      return t('problem.network');
    case 403:
      return t('problem.forbidden');
    case 404:
      return t('problem.notFound');
    case 429:
      return t('problem.tooMany');
    case 409:
      return problem.detail ? t('problem.conflictWith', { detail: problem.detail }) : t('problem.conflict');
    default:
      return problem.status >= 500 ? t('problem.server') : (problem.detail ?? problem.title);
  }
}

export function asProblem(error: unknown): Problem {
  if (error instanceof ProblemError) {
    return error.problem;
  }
  return { type: 'about:blank', title: String((error as Error)?.message ?? error), status: 0 };
}
