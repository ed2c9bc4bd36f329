import type { OpenAPIObject } from '@nestjs/swagger';
import { IDEMPOTENT_METHODS } from './idempotency.interceptor';

/**
 * Adds the Idempotency-Key header to every POST, PUT and PATCH of the document but multipart
 * uploads, where the interceptor honours it, with the answers it adds: so a new endpoint is documented with it
 * without a decorator of its own.
 */
export function documentIdempotencyKey(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of IDEMPOTENT_METHODS.map((name) => name.toLowerCase() as 'post' | 'put' | 'patch')) {
      const operation = path[method];
      const mediaTypes = Object.keys((operation?.requestBody as { content?: object } | undefined)?.content ?? {});
      // A multipart upload's key is ignored (see IdempotencyInterceptor), and so is a handler's
      // marked @IgnoresIdempotencyKey().
      if (
        !operation ||
        (operation as { 'x-idempotency-key'?: string })['x-idempotency-key'] === 'ignored' ||
        (mediaTypes.length > 0 && mediaTypes.every((type) => type.startsWith('multipart/')))
      ) {
        continue;
      }
      const parameters = operation.parameters ?? [];
      if (!parameters.some((parameter) => 'name' in parameter && parameter.name.toLowerCase() === 'idempotency-key')) {
        parameters.push({
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe (1 to 255 visible ASCII characters, unique per request, e.g. a UUID; scoped to the caller, ' +
            'ignored without credentials). A repeat with the same key and request gets the first answer again, status and ' +
            'body, with `Idempotent-Replayed: true`; a repeat while the first is still running gets 409 (retry it; if the ' +
            "first attempt's instance died, the retry is taken at once); the same key with another method, URL or body gets 422.",
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
        });
      }
      operation.parameters = parameters;
      operation.responses['409'] ??= { description: 'A request with the same Idempotency-Key is still being processed' };
      operation.responses['422'] ??= { description: 'The Idempotency-Key was used before for a different request' };
    }
  }
  return document;
}
