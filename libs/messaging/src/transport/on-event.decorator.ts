import { applyDecorators, Catch, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import type { EventContract } from '@deelwijs/contracts';

/**
 * Hands whatever a handler throws to the transport as it was thrown. Without it, Nest's own
 * RPC exception filter turns every error but an RpcException into "Internal server error",
 * and the dead letter would carry that instead of the handler's reason, unless the
 * application happens to install a global filter that passes event errors on.
 */
@Catch()
class EventErrorsAsThrown implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Marks a controller method as the durable handler of one event contract. It is Nest's own
 * @EventPattern under the hood, so pipes, guards and interceptors apply as usual.
 */
export function OnEvent(contract: EventContract): MethodDecorator {
  return applyDecorators(EventPattern(contract.subject), UseFilters(new EventErrorsAsThrown()));
}
