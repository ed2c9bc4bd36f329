import { Module, type DynamicModule, type FactoryProvider, type INestApplication } from '@nestjs/common';
import type { CustomStrategy } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { DeadLetters } from './dead-letters/dead-letters';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { NatsClient } from './nats-client';
import { OutboxHousekeeping } from './outbox/outbox.housekeeping';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxWriter } from './outbox/outbox.writer';
import { JetStreamTransport } from './transport/jetstream.transport';

@Module({})
export class MessagingModule {
  static forRootAsync(options: Omit<FactoryProvider<MessagingOptions>, 'provide'>): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, ...options },
        NatsClient,
        OutboxWriter,
        OutboxRelay,
        OutboxHousekeeping,
        DeadLetters,
      ],
      exports: [NatsClient, OutboxWriter, OutboxRelay, OutboxHousekeeping, DeadLetters, MESSAGING_OPTIONS],
    };
  }

  /** Connects the durable event transport to a hybrid (HTTP + events) application. */
  static connectTransport(app: INestApplication): void {
    const transport = new JetStreamTransport(
      app.get(NatsClient),
      app.get(DataSource),
      app.get<MessagingOptions>(MESSAGING_OPTIONS),
    );
    // inheritAppConfig: the app's global pipes and filters apply to event handlers too; the
    // platform's filter passes event errors on untouched, so their message reaches dead letter.
    app.connectMicroservice<CustomStrategy>({ strategy: transport }, { inheritAppConfig: true });
  }
}
