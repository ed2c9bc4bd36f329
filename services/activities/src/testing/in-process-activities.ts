import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import type { EventContract, EventEnvelope, PayloadInputOf, PayloadOf } from '@deelwijs/contracts';
import { OutboxWriter } from '@deelwijs/messaging';
import {
  InProcessService,
  type InjectedRequest,
  type InjectedResponse,
  type PublishOptions,
} from '@deelwijs/testing';
import { activitiesService } from '../activities.service-definition';
import type { ActivitiesConfig } from '../config/activities.config';

const HOUR = 3_600_000;

/**
 * The whole activities service in the test's own process: its own service definition (every
 * module, the real migrations), on the real PostgreSQL, NATS, Redis and SMTP, under a database,
 * event namespace and queues of its own. Tests create activities and registrations through the
 * service's HTTP API, so they exercise the write paths the service runs, events included.
 *
 * Starting all of it takes about as long as starting a few of its modules (3 to 5 s on a busy
 * two-core machine, most of it migrations and JetStream consumers): there is no slice to keep.
 */
export class InProcessActivities {
  private constructor(private readonly service: InProcessService<ActivitiesConfig>) {}

  static async start(
    label: string,
    env: Record<string, string> = {},
    logs?: Parameters<typeof InProcessService.start>[3],
  ): Promise<InProcessActivities> {
    return new InProcessActivities(
      await InProcessService.start(
        activitiesService,
        label,
        {
          PUBLIC_BASE_URL: 'https://deelwijs.test',
          ...env,
        },
        logs,
      ),
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

  /** For assertions on what the service stored; tests change state through the API. */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.service.query<T>(sql, params);
  }

  /** The payloads of the events the service wrote to its outbox under one subject, oldest first. */
  outbox(subject: string): Promise<any[]> {
    return this.service.outbox(subject);
  }

  /** Publishes another service's event (a programme from reporting) into this service's namespace. */
  publishEvent<C extends EventContract>(
    contract: C,
    payload: PayloadInputOf<C>,
    options: PublishOptions = {},
  ): Promise<EventEnvelope<PayloadOf<C>>> {
    return this.service.publish(contract, payload, options);
  }

  request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: InjectedRequest = {},
  ): Promise<InjectedResponse> {
    return this.service.request(method, url, options);
  }

  /**
   * POST /v1/activities as an organiser, published unless the body says otherwise: a
   * democracy game for 7.2.3 in Zwolle, starting in a week for two hours, unless overridden.
   * Answers the created activity; anything but 201 fails the test with the service's answer.
   */
  async createActivity(body: Record<string, unknown> = {}): Promise<ActivityCreated> {
    const startsAt = new Date(Date.now() + 7 * 24 * HOUR);
    const response = await this.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: {
        type: 'democracy-game',
        title: { nl: 'Democratiespel Zwolle' },
        prestatieCode: '7.2.3',
        venue: { name: 'Provinciehuis', municipality: 'Zwolle' },
        organiserEmail: 'organisator@overijssel.example',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
        publish: true,
        ...body,
      },
    });
    return expectStatus(response, 201, 'POST /v1/activities') as ActivityCreated;
  }

  /**
   * POST /v1/activities/:id/registrations as an organiser: an individual with a name, a unique
   * address and a phone number, unless the body says otherwise. Answers the registration.
   */
  async register(activityId: string, body: Record<string, unknown> = {}): Promise<RegistrationCreated> {
    const response = await this.request('POST', `/v1/activities/${activityId}/registrations`, {
      roles: ['organiser'],
      body: {
        kind: 'individual',
        contactName: 'Anne de Vries',
        contactEmail: `anne-${Math.random().toString(36).slice(2, 10)}@example.org`,
        contactPhone: '+31 6 12345678',
        ...body,
      },
    });
    return expectStatus(
      response,
      201,
      `POST /v1/activities/${activityId}/registrations`,
    ) as RegistrationCreated;
  }

  /**
   * A multipart/form-data POST, as a browser or a partner's system sends an upload: the file
   * (when given) in the part "file", then the text fields.
   */
  postForm(
    url: string,
    form: { file?: { name: string; content: Buffer; type?: string }; fields?: Record<string, string> },
    options: Omit<InjectedRequest, 'body' | 'raw' | 'contentType'> = {},
  ): Promise<InjectedResponse> {
    const boundary = `deelwijs-${Math.random().toString(36).slice(2)}`;
    const chunks: Buffer[] = [];
    if (form.file) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${form.file.name}"\r\ncontent-type: ${form.file.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        form.file.content,
        Buffer.from('\r\n'),
      );
    }
    for (const [name, value] of Object.entries(form.fields ?? {})) {
      chunks.push(
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return this.request('POST', url, {
      ...options,
      raw: Buffer.concat(chunks),
      contentType: `multipart/form-data; boundary=${boundary}`,
    });
  }

  /**
   * Appends an event the service has already written, again under a new event id, through the
   * real outbox and without touching any domain row: for tests of a consumer's idempotency
   * ("the same fact twice changes nothing").
   */
  async appendEventAgain<C extends EventContract>(contract: C, payload: PayloadInputOf<C>): Promise<void> {
    const outbox = this.app.get(OutboxWriter);
    await this.dataSource.transaction((db) => outbox.append(db, contract, payload));
  }

  close(): Promise<void> {
    return this.service.close();
  }
}

export interface ActivityCreated {
  id: string;
  startsAt: string;
  endsAt: string;
  status: string;
  [field: string]: unknown;
}

export interface RegistrationCreated {
  id: string;
  activityId: string;
  status: string;
  contactEmail: string;
  [field: string]: unknown;
}

/** The body of a response that must have this status; otherwise the test fails, showing the answer. */
export function expectStatus(response: InjectedResponse, status: number, what: string): any {
  if (response.status !== status) {
    throw new Error(`${what} answered ${response.status}, not ${status}: ${response.text}`);
  }
  return response.body;
}
