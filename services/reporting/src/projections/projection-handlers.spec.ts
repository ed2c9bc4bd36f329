import 'reflect-metadata';
import { MetadataScanner } from '@nestjs/core';
import { ListenerMetadataExplorer } from '@nestjs/microservices/listener-metadata-explorer';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@deelwijs/contracts';
import { EventContext } from '@deelwijs/messaging';
import { PROJECTION_HANDLERS } from './projection-handlers';
import { ProjectionEventsController } from './projection-events.controller';
import type { Projector } from './projector.service';
import { REPLAY_HANDLERS } from './rebuild/projection-rebuild';

/** The live consumer's subscriptions as Nest finds them when it registers them with the transport. */
function liveSubscriptions(controller: ProjectionEventsController) {
  return new ListenerMetadataExplorer(new MetadataScanner()).explore(controller).flatMap((handler) =>
    (handler.patterns as string[]).map((subject) => ({
      subject,
      isEvent: handler.isEventHandler,
      // As Nest calls it: on the controller instance.
      call: (payload: unknown, context: EventContext) => handler.targetCallback.call(controller, payload, context),
    })),
  );
}

describe('the projection handler table', () => {
  const projector = {} as Projector;
  const live = liveSubscriptions(new ProjectionEventsController(projector));

  it('is what the projection follows: the activities, registrations, advices and knowledge items', () => {
    expect(PROJECTION_HANDLERS.map((handler) => handler.contract.subject).sort()).toEqual(
      [
        'activities.activity.scheduled.v1',
        'activities.activity.revised.v1',
        'activities.activity.rescheduled.v1',
        'activities.activity.cancelled.v1',
        'activities.activity.held.v1',
        'activities.activity.closed.v1',
        'activities.registration.accepted.v1',
        'activities.registration.waitlisted.v1',
        'activities.registration.promoted.v1',
        'activities.registration.cancelled.v1',
        'knowledge.advice.issued.v1',
        'knowledge.advice.answered.v1',
        'knowledge.item.published.v1',
        'knowledge.item.archived.v1',
      ].sort(),
    );
  });

  it('the live consumers and the rebuild cover the same contracts, each once', () => {
    const liveSubjects = live.map((subscription) => subscription.subject).sort();
    expect(live.every((subscription) => subscription.isEvent)).toBe(true);
    expect(new Set(liveSubjects).size).toBe(liveSubjects.length);
    expect(liveSubjects).toEqual([...REPLAY_HANDLERS.keys()].sort());
    expect(liveSubjects).toEqual(PROJECTION_HANDLERS.map((handler) => handler.contract.subject).sort());
  });

  it('the live consumer of a contract runs the row the rebuild runs for it, with the Projector and the inbox transaction', async () => {
    for (const subscription of live) {
      const row = REPLAY_HANDLERS.get(subscription.subject)!;
      const apply = jest.spyOn(row, 'apply').mockResolvedValue(undefined);
      const envelope = { eventId: 'e', subject: subscription.subject, payload: { for: subscription.subject } } as unknown as EventEnvelope;
      const tx = {} as EntityManager;
      try {
        await subscription.call(envelope.payload, new EventContext([envelope, tx, 1]));
        expect(apply).toHaveBeenCalledTimes(1);
        expect(apply.mock.calls[0][0]).toBe(projector);
        expect(apply.mock.calls[0][1]).toBe(tx);
        expect(apply.mock.calls[0][2]).toBe(envelope.payload);
        expect(apply.mock.calls[0][3]).toBe(envelope);
      } finally {
        apply.mockRestore();
      }
    }
  });
});
