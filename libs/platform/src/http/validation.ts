import type { ValidationPipe } from '@nestjs/common';
import { InputPipe } from './input/input.pipe';

export { flattenErrors } from './input/input.pipe';

/** Request bodies, queries and params are checked before any handler; unknown fields are refused (see InputPipe). */
export function createValidationPipe(): ValidationPipe {
  return new InputPipe();
}
