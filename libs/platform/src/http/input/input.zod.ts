import { z } from 'zod';
import type { InvalidParam } from '../problem-details.filter';
import { calendarDateProblem, hasNul, identifierProblem, MAX_SAFE } from './input-rules';

/**
 * The platform's input rules for bodies checked with zod (a programme definition): the same
 * rules as the class decorators, with bounds that z.toJSONSchema puts in the OpenAPI document.
 */
export const zodInput = {
  /** Free text: any Unicode but NUL, trimmed, within [min, max] characters. */
  freeText: (max: number, min = 0) =>
    z
      .string()
      .trim()
      .min(min)
      .max(max)
      .refine((text) => !hasNul(text), { message: 'must not contain the NUL character' }),

  /** An identifier, code or reference: no control, format or bidi characters. */
  identifier: (max: number, min = 1) =>
    z
      .string()
      .min(min)
      .max(max)
      .superRefine((text, ctx) => {
        const problem = identifierProblem(text);
        if (problem) {
          ctx.addIssue({ code: 'custom', message: problem });
        }
      }),

  /** A whole number within stated bounds, inside the safe range. */
  safeInt: (min: number, max: number) => z.number().int().min(Math.max(min, -MAX_SAFE)).max(Math.min(max, MAX_SAFE)),

  /** A number (amounts in euros, ratios) within stated bounds. */
  boundedNumber: (min: number, max: number) => z.number().min(min).max(max),

  /** YYYY-MM-DD that exists in the calendar. */
  calendarDate: () =>
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
      .superRefine((text, ctx) => {
      const problem = calendarDateProblem(text);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
};

/**
 * zod's issues as invalid params, each naming its field by path. An unknown property is named
 * itself, not the object that holds it (zod reports it on the holder, the body at the top).
 */
export function zodInvalidParams(issues: readonly z.core.$ZodIssue[], root = 'body'): InvalidParam[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ name: [...at, key].join('.'), reason: `property ${key} should not exist` }));
    }
    return [{ name: at.length > 0 ? at.join('.') : root, reason: issue.message }];
  });
}
