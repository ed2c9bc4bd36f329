import { HttpException, type HttpStatus } from '@nestjs/common';
import type { InvalidParam } from '@deelwijs/platform';

/** A refusal with another status than 400 (413, 415) that still names its field, as invalidParams. */
export function refusal(status: HttpStatus, name: string, reason: string): HttpException {
  return new HttpException(
    { message: `${name}: ${reason}`, invalidParams: [{ name, reason } satisfies InvalidParam] },
    status,
  );
}
