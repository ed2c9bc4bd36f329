import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsObject,
  IsString,
  MinLength,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import {
  amsterdamDateTimeProblem,
  calendarDateProblem,
  freeTextProblem,
  identifierProblem,
  offsetDateTimeProblem,
  safeIntegerProblem,
} from './input-rules';

/**
 * Property decorators for request DTOs, one per kind of value, each holding the platform's
 * rule for it (input-rules.ts). Their names and constraints are what the OpenAPI documents
 * show as limits (openapi-limits.ts), so a decorator's bound is the bound a client reads.
 */

function rule(name: string, constraints: unknown[], problem: (value: unknown) => string | undefined, each = false) {
  return ValidateBy(
    {
      name,
      constraints,
      validator: {
        validate: (value: unknown) => problem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${problem(args?.value) ?? 'is not valid'}`,
      },
    },
    { each },
  );
}

export interface TextOptions {
  /** At least this many characters (1 for a required name or title); 0 by default. */
  minLength?: number;
  /** Every element of an array. */
  each?: boolean;
}

/** Free text (a name, title, description): any Unicode but NUL, at most maxLength characters. */
export function FreeText(maxLength: number, options: TextOptions = {}): PropertyDecorator {
  return applyDecorators(
    IsString({ each: options.each }),
    ...(options.minLength ? [MinLength(options.minLength, { each: options.each })] : []),
    rule('freeText', [maxLength], (value) => freeTextProblem(String(value), maxLength), options.each),
  );
}

/** An identifier, code or slug: no control, format or bidi characters; at most maxLength characters. */
export function IdentifierText(maxLength: number, options: TextOptions = {}): PropertyDecorator {
  return applyDecorators(
    IsString({ each: options.each }),
    ...(options.minLength ? [MinLength(options.minLength, { each: options.each })] : []),
    rule(
      'identifierText',
      [maxLength],
      (value) => identifierProblem(String(value)) ?? freeTextProblem(String(value), maxLength),
      options.each,
    ),
  );
}

/** An e-mail address (RFC 5321's 254 characters at most), free of invisible characters. */
export function EmailAddress(options: { each?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    IdentifierText(254, options),
    IsEmail({}, { each: options.each, message: (args) => `${args.property} must be an e-mail address` }),
  );
}

/** A whole number within [min, max], both inside the safe range: the bound is part of the contract. */
export function SafeInt(min: number, max: number, options: { each?: boolean } = {}): PropertyDecorator {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new Error(`SafeInt(${min}, ${max}): bounds must be safe integers, min <= max`);
  }
  return rule('safeInt', [min, max], (value) => safeIntegerProblem(value, min, max), options.each);
}

/** A date of the calendar, YYYY-MM-DD, that exists. */
export function CalendarDate(): PropertyDecorator {
  return rule('calendarDate', [], calendarDateProblem);
}

/** An ISO 8601 date-time with an explicit offset (Z or ±hh:mm) and a real date and time. */
export function OffsetDateTime(): PropertyDecorator {
  return rule('offsetDateTime', [], offsetDateTimeProblem);
}

/**
 * An Amsterdam local time with an offset that Amsterdam's clocks had then (or Z): a time in
 * the spring gap is refused, one in the autumn overlap is told apart by its offset.
 */
export function AmsterdamDateTime(): PropertyDecorator {
  return rule('amsterdamDateTime', [], amsterdamDateTimeProblem);
}

/**
 * A nested object checked against its class. ValidateNested alone lets an array through (it
 * validates its elements, of which `[]` has none), so the value must be a plain object first.
 */
export function NestedObject(type: () => Function): PropertyDecorator {
  return applyDecorators(
    IsObject({ message: (args) => `${args.property} must be an object` }),
    ValidateNested(),
    Type(type),
  );
}

/** An array of nested objects, each checked against its class, with stated bounds on its size. */
export function NestedArray(type: () => Function, bounds: { min?: number; max: number }): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ...(bounds.min ? [ArrayMinSize(bounds.min)] : []),
    ArrayMaxSize(bounds.max),
    IsObject({ each: true, message: (args) => `${args.property} must hold objects` }),
    ValidateNested({ each: true }),
    Type(type),
  );
}
