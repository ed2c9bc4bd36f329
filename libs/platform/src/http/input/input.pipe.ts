import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { InvalidInputException, type InvalidParam } from '../problem-details.filter';
import { inspectInput } from './input-inspection';
import { MAX_PATH_PARAM_LENGTH } from './input-rules';

/** Types a parameter is declared with that are no DTO class (`body: unknown` is Object). */
const NOT_A_DTO = new Set<unknown>([Object, String, Number, Boolean, Array, Buffer, undefined]);

/**
 * The one gate every body, query and path value passes before a handler runs, in every
 * service (bootstrap installs it globally, after the guards): first what no value may hold
 * anywhere (inspectInput), then the shape a body must have, then the DTO's own rules, with
 * unknown properties refused. Every refusal is an InvalidInputException naming its fields.
 */
export class InputPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new InvalidInputException(flattenErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') {
      return super.transform(value, metadata);
    }
    const shape = this.shapeRefusals(value, metadata);
    if (shape.length > 0) {
      throw new InvalidInputException(shape);
    }
    const problems = inspectInput(value, metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type), metadata.data ?? '', {
      refuseNull: !NOT_A_DTO.has(metadata.metatype),
    });
    if (problems.length === 0) {
      return super.transform(value, metadata);
    }
    // The DTO's own rules too, so that one answer names every field that is wrong.
    const named = new Set(problems.map((problem) => problem.name));
    try {
      await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof InvalidInputException)) {
        throw error;
      }
      problems.push(...error.invalidParams.filter((problem) => !named.has(problem.name)));
    }
    throw new InvalidInputException(problems);
  }

  /** What makes the value as a whole unfit to check field by field: a body of the wrong kind, an overlong path parameter. */
  private shapeRefusals(value: unknown, metadata: ArgumentMetadata): InvalidParam[] {
    const isDto = !NOT_A_DTO.has(metadata.metatype);
    if (metadata.type === 'body' && value !== undefined && metadata.metatype !== Array) {
      // null, an array, a number where the handler expects an object: a DTO would read null as
      // {} (and a cancel without a reason would go through). A string is a body only for a
      // handler that parses text itself (a YAML programme).
      const isObject = typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
      if (!isObject && (isDto || typeof value !== 'string')) {
        return [{ name: 'body', reason: 'body must be a JSON object' }];
      }
    }
    if (metadata.type === 'param') {
      const params: Array<[string, unknown]> =
        metadata.data !== undefined ? [[metadata.data, value]] : Object.entries((value as object | undefined) ?? {});
      const tooLong = params.filter(([, param]) => typeof param === 'string' && param.length > MAX_PATH_PARAM_LENGTH);
      if (tooLong.length > 0) {
        return tooLong.map(([name]) => ({ name, reason: `${name} must be at most ${MAX_PATH_PARAM_LENGTH} characters long` }));
      }
    }
    return [];
  }
}

/** class-validator's nested errors as one list, each field named by its dotted path. */
export function flattenErrors(errors: ValidationError[], parent = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ name, reason }));
    return [...own, ...flattenErrors(error.children ?? [], name)];
  });
}
