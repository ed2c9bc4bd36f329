import { UnprocessableEntityException } from '@nestjs/common';

/**
 * A 422 whose problem details name the field (`invalidParams`), as a 400 from validation does:
 * the input is well formed, but a rule about it fails (a reason the move into the past needs).
 */
export function unprocessable(name: string, reason: string): UnprocessableEntityException {
  return new UnprocessableEntityException({ message: `${name}: ${reason}`, invalidParams: [{ name, reason }] });
}
