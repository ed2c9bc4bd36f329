import type { InvalidParam } from '../problem-details.filter';
import { hasNul, unsafeNumberProblem } from './input-rules';

/**
 * What no value anywhere in a request may hold, whatever its field: the NUL character (in a
 * value or a property name; PostgreSQL cannot store it) and numbers outside the safe integer
 * range (JSON reads 9007199254740993 as ...992, and 1e308 is no count or amount of anything).
 * Walked without recursion, like the depth check, so a hostile body cannot overflow the stack.
 * Fields are named by their dotted path, as the DTO validation names them: `title.nl`,
 * `items.3.contactEmail`; `root` names the value itself (`body`, a query or path parameter).
 * With `refuseNull`, a null field is refused too: a DTO's optional field skips its rules for
 * null as for a missing one, and the null would then reach the service as a value.
 */
export function inspectInput(value: unknown, root: string, prefix = '', options: { refuseNull?: boolean } = {}): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const pending: Array<[unknown, string]> = [[value, prefix]];
  while (pending.length > 0 && problems.length < 20) {
    const [current, path] = pending.pop()!;
    const name = path || root;
    if (current === null && options.refuseNull && path) {
      problems.push({ name, reason: `${name} must not be null: leave it out instead` });
    } else if (typeof current === 'string') {
      if (hasNul(current)) {
        problems.push({ name, reason: `${name} must not contain the NUL character` });
      }
    } else if (typeof current === 'number') {
      const problem = unsafeNumberProblem(current);
      if (problem) {
        problems.push({ name, reason: `${name} ${problem}` });
      }
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (hasNul(key)) {
          problems.push({ name: childPath.split('\u0000').join('\\0'), reason: 'a property name must not contain the NUL character' });
          continue;
        }
        pending.push([child, childPath]);
      }
    }
  }
  return problems.reverse();
}
