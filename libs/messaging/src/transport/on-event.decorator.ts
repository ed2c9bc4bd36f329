import { EventPattern } from '@nestjs/microservices';
import type { EventContract } from '@deelwijs/contracts';

/**
 * Marks a controller method as the durable handler of one event contract. It is Nest's own
 * @EventPattern under the hood, so pipes, guards and interceptors apply as usual.
 */
export function OnEvent(contract: EventContract): MethodDecorator {
  return EventPattern(contract.subject);
}
