import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidInputException, type InvalidParam } from './problem-details.filter';

/** Request bodies, queries and params are checked against their DTOs; unknown fields are refused. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidInputException(flattenErrors(errors)),
  });
}

export function flattenErrors(errors: ValidationError[], parent = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ name, reason }));
    return [...own, ...flattenErrors(error.children ?? [], name)];
  });
}
