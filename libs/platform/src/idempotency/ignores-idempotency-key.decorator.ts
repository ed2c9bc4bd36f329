import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IDEMPOTENCY_KEY_IGNORED = 'deelwijs:idempotency-key-ignored';

/**
 * A POST that changes nothing, or whose answer must not be kept (a subject access export):
 * its Idempotency-Key is ignored, and the OpenAPI document does not offer one. On a handler or
 * a controller.
 */
export function IgnoresIdempotencyKey(): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(IDEMPOTENCY_KEY_IGNORED, true), ApiExtension('x-idempotency-key', 'ignored'));
}
