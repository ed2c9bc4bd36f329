import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EventContract, PayloadInputOf } from '@deelwijs/contracts';
import type { Role } from '@deelwijs/identity';
import { OutboxWriter } from '@deelwijs/messaging';
import { MailModule, type ServiceDefinition } from '@deelwijs/platform';
import { InProcessService, type InjectedResponse } from '@deelwijs/testing';
import { Activity } from '../../activities/activity.entity';
import { CalendarModule } from '../../calendar/calendar.module';
import { ActivitiesConfigModule } from '../../config/activities-config.module';
import { ActivitiesConfig } from '../../config/activities.config';
import { ExportsModule } from '../../exports/exports.module';
import { Activities1763800001000 } from '../../migrations/1763800001000-activities';
import { ActivitiesDomain1763900000000 } from '../../migrations/1763900000000-activities-domain';
import { RemindersAndPrivacy1763900001000 } from '../../migrations/1763900001000-reminders-and-privacy';
import { Registration } from '../../registrations/registration.entity';
import { RemindersModule } from '../../reminders/reminders.module';
import { PrivacyModule } from '../privacy.module';

/**
 * The activities service in the test's own process, with the real platform (database,
 * migrations, outbox, JetStream consumers, BullMQ workers, SMTP) but only the modules of
 * reminders, calendar, exports and privacy: their tests need not wait for the rest of the
 * service, and they create activities and registrations as rows with their events, the way
 * the registrations module does.
 */
export class InProcessActivities {
  private constructor(private readonly service: InProcessService<ActivitiesConfig>) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<InProcessActivities> {
    // Not the service's own definition: importing it would load every module of the service.
    const definition: ServiceDefinition<ActivitiesConfig> = {
      name: 'activities',
      title: 'activities (reminders, calendar, exports, privacy)',
      description: 'in-process test service',
      configClass: ActivitiesConfig,
      defaults: {},
      entities: [Activity, Registration],
      migrations: [Activities1763800001000, ActivitiesDomain1763900000000, RemindersAndPrivacy1763900001000],
      modules: (settings) => [
        MailModule.forRoot(settings),
        ActivitiesConfigModule.forRoot(settings),
        PrivacyModule,
        RemindersModule,
        CalendarModule,
        ExportsModule,
      ],
    };
    return new InProcessActivities(
      await InProcessService.start(definition, label, { PUBLIC_BASE_URL: 'https://deelwijs.test', ...env }),
    );
  }

  get app(): NestFastifyApplication {
    return this.service.app;
  }

  get config(): ActivitiesConfig {
    return this.service.config;
  }

  get namespace(): string {
    return this.service.namespace;
  }

  get dataSource(): DataSource {
    return this.service.dataSource;
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.service.query<T>(sql, params);
  }

  request(
    method: 'GET' | 'POST',
    url: string,
    options: { roles?: Role[]; organisationId?: string; body?: unknown } = {},
  ): Promise<InjectedResponse> {
    return this.service.request(method, url, options);
  }

  /** An activity row as the activities module writes it, with its events appended in the same transaction. */
  async createActivity(
    columns: Partial<Record<string, unknown>> & { starts_at: Date; ends_at: Date },
    events: (id: string) => Array<[EventContract, unknown]> = () => [],
  ): Promise<string> {
    const id = randomUUID();
    const row: Record<string, unknown> = {
      id,
      type: 'democracy-game',
      title_nl: `Democratiespel ${id.slice(0, 8)}`,
      prestatie_code: '7.2.3',
      status: 'published',
      published_at: new Date(),
      organiser_email: 'organisator@overijssel.example',
      venue_name: 'Provinciehuis',
      municipality: 'Zwolle',
      ...columns,
    };
    await this.write(
      `INSERT INTO activities (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
        .map((_, i) => `$${i + 1}`)
        .join(', ')})`,
      Object.values(row),
      events(id),
    );
    return id;
  }

  async createRegistration(
    activityId: string,
    columns: Partial<Record<string, unknown>> = {},
    events: (id: string) => Array<[EventContract, unknown]> = () => [],
  ): Promise<string> {
    const id = randomUUID();
    const row: Record<string, unknown> = {
      id,
      activity_id: activityId,
      kind: 'individual',
      status: 'accepted',
      headcount: 1,
      places: 1,
      registered_by: 'organiser',
      language: 'nl',
      contact_name: 'Anne de Vries',
      contact_email: `anne-${id.slice(0, 8)}@example.org`,
      contact_phone: '+31 6 12345678',
      ...columns,
    };
    await this.write(
      `INSERT INTO registrations (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
        .map((_, i) => `$${i + 1}`)
        .join(', ')})`,
      Object.values(row),
      events(id),
    );
    return id;
  }

  /** A state change and its events in one transaction, through the real outbox. */
  async write(sql: string, params: unknown[], events: Array<[EventContract, unknown]> = []): Promise<void> {
    const outbox = this.app.get(OutboxWriter);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(sql, params);
      for (const [contract, payload] of events) {
        await outbox.append(manager, contract, payload as PayloadInputOf<EventContract>);
      }
    });
  }

  close(): Promise<void> {
    return this.service.close();
  }
}
