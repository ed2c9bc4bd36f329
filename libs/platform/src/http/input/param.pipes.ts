import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InvalidInputException } from '../problem-details.filter';

/**
 * A path parameter that is a UUID, refused naming the parameter (Nest's ParseUUIDPipe answers
 * "Validation failed" without saying which): `@Param('id', ParseUuid) id: string`.
 */
@Injectable()
export class ParseUuid implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUUID(value)) {
      const name = metadata.data ?? 'path';
      throw new InvalidInputException([{ name, reason: `${name} must be a UUID` }]);
    }
    return value;
  }
}

/** A path parameter that is a whole number from 1 to 1,000,000 (a version), refused naming the parameter. */
@Injectable()
export class ParsePositiveInt implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const number = /^[1-9][0-9]{0,6}$/.test(value) ? Number(value) : Number.NaN;
    if (!(number <= 1_000_000)) {
      const name = metadata.data ?? 'path';
      throw new InvalidInputException([{ name, reason: `${name} must be a whole number from 1 to 1000000` }]);
    }
    return number;
  }
}
