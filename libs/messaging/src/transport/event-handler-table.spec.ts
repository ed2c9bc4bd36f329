import 'reflect-metadata';
import { Controller, Injectable } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { lastValueFrom, isObservable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { ActivityCancelledV1, ActivityHeldV1, createEnvelope, type EventEnvelope } from '@deelwijs/contracts';
import { EventContext } from './event-context';
import { handlersOf, OnEvents } from './event-handler-table';

/** A transport that only records what Nest registers with it, as the JetStream transport's listen() reads it. */
class RecordingTransport extends Server implements CustomTransportStrategy {
  subjects: string[] = [];

  listen(callback: () => void): void {
    this.subjects = [...this.messageHandlers.keys()];
    callback();
  }
  close(): void {}
  on(): void {}
  unwrap<T>(): T {
    return undefined as T;
  }
  handler(subject: string): MessageHandler {
    return this.getHandlerByPattern(subject)!;
  }
}

@Injectable()
class Recorder {
  calls: Array<{ what: string; tx: EntityManager; id: string; eventId: string }> = [];
}

const on = handlersOf<Recorder>();
const TABLE = [
  on(ActivityHeldV1, async (recorder, tx, event, envelope) => {
    recorder.calls.push({ what: `held ${event.participants}`, tx, id: event.activityId, eventId: envelope.eventId });
  }),
  on(ActivityCancelledV1, async (recorder, tx, event, envelope) => {
    recorder.calls.push({ what: `cancelled from ${event.previousStatus}`, tx, id: event.activityId, eventId: envelope.eventId });
  }),
];

@Controller()
@OnEvents(TABLE, (controller: RecordingEventsController) => controller.recorder)
class RecordingEventsController {
  constructor(readonly recorder: Recorder) {}
}

describe('handler tables (OnEvents)', () => {
  it('give Nest one event handler per row, which runs the row with the target, the transaction and the envelope', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [RecordingEventsController], providers: [Recorder] }).compile();
    const transport = new RecordingTransport();
    const app = moduleRef.createNestMicroservice({ strategy: transport });
    await app.listen();
    try {
      expect(transport.subjects.sort()).toEqual([ActivityCancelledV1.subject, ActivityHeldV1.subject].sort());

      const activityId = randomUUID();
      const envelope = createEnvelope(ActivityCancelledV1.subject, { activityId, previousStatus: 'published', cancelledAt: new Date().toISOString() }, {
        producer: 'test',
      }) as EventEnvelope;
      const tx = {} as EntityManager;
      const result = await transport.handler(ActivityCancelledV1.subject)(envelope.payload, new EventContext([envelope, tx, 1]));
      if (isObservable(result)) {
        await lastValueFrom(result, { defaultValue: undefined });
      }

      const recorder = moduleRef.get(Recorder);
      expect(recorder.calls).toEqual([{ what: 'cancelled from published', tx, id: activityId, eventId: envelope.eventId }]);
      expect(recorder.calls[0].tx).toBe(tx);
    } finally {
      await app.close();
    }
  });

  it('refuse a table that names a contract twice', () => {
    expect(() => {
      @Controller()
      @OnEvents([...TABLE, TABLE[0]], (controller: Twice) => controller.recorder)
      class Twice {
        constructor(readonly recorder: Recorder) {}
      }
      return Twice;
    }).toThrow(`Twice already handles ${ActivityHeldV1.subject}`);
  });
});
