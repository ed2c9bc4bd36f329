import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { EventContract, EventEnvelope, PayloadOf } from '@deelwijs/contracts';
import type { EventContext } from './event-context';
import { OnEvent } from './on-event.decorator';

/**
 * One row of a handler table: a contract, and how its event is applied by the target (the
 * service that does the work) in a transaction. The payload has been checked against the
 * contract before `apply` sees it, by the transport or by whoever replays the stream.
 */
export interface EventHandler<Target, C extends EventContract = EventContract> {
  readonly contract: C;
  apply(target: Target, tx: EntityManager, event: PayloadOf<C>, envelope: EventEnvelope): Promise<void>;
}

/**
 * Typed rows for a table whose handlers all call one target:
 * `const on = handlersOf<Projector>(); [on(ActivityHeldV1, (projector, tx, event) => ...)]`,
 * each payload typed by its own contract.
 */
export function handlersOf<Target>() {
  return <C extends EventContract>(
    contract: C,
    apply: (target: Target, tx: EntityManager, event: PayloadOf<C>, envelope: EventEnvelope) => Promise<void>,
  ): EventHandler<Target, C> => ({ contract, apply });
}

/**
 * Subscribes a controller to every contract of a handler table: one durable @OnEvent handler
 * per row (a method named by its subject), calling the row with the target the controller
 * holds and the inbox's transaction. The table stays the one list of what is followed, so code
 * that replays a stream through the same rows covers exactly what the live consumers do.
 */
export function OnEvents<Controller, Target>(
  table: readonly EventHandler<Target>[],
  targetOf: (controller: Controller) => Target,
): ClassDecorator {
  return (constructor) => {
    const prototype = constructor.prototype as Record<string, unknown>;
    for (const row of table) {
      const key = row.contract.subject;
      if (key in prototype) {
        throw new Error(`${constructor.name} already handles ${key}: a handler table names each contract once`);
      }
      // Looked up on the row at each call, so the row is what runs, live and in a replay.
      const method = function (this: Controller, event: unknown, context: EventContext) {
        return row.apply(targetOf(this), context.transaction, event, context.envelope);
      };
      Object.defineProperty(method, 'name', { value: key });
      const descriptor: PropertyDescriptor = { value: method, writable: true, configurable: true, enumerable: false };
      Object.defineProperty(prototype, key, descriptor);
      OnEvent(row.contract)(prototype, key, descriptor);
      Payload()(prototype, key, 0);
      Ctx()(prototype, key, 1);
    }
  };
}
