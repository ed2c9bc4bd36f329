import type { ValidationError } from 'class-validator';
import type { InvalidParam } from '@deelwijs/platform';

/** class-validator's errors of one item of a bulk request, each named by its path (`items[3].headcount`). */
export function invalidParamsOf(errors: ValidationError[], prefix: string): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ name, reason }));
    return [...own, ...invalidParamsOf(error.children ?? [], name)];
  });
}
