import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ActivityScheduledV1,
  ApiKeyIssuedV1,
  createEnvelope,
  DEAD_LETTER_STREAM,
  generateSigningKeyPair,
  signEnvelope,
  signingKey,
  STREAMS,
  type PayloadOf,
} from '@deelwijs/contracts';
import { PrivateNats, repositoryRoot, TEST_IDENTITY_SIGNING_KEY, waitFor } from '@deelwijs/testing';
import { OutboxWriter } from './outbox/outbox.writer';
import { MessagingTestBed } from './testing/messaging-test-bed';
import { EventContext } from './transport/event-context';
import { DEAD_LETTER_HEADERS } from './transport/headers';
import { OnEvent } from './transport/on-event.decorator';

class IssuedTable1763899999100 implements MigrationInterface {
  name = 'IssuedTable1763899999100';
  async up(runner: QueryRunner) {
    await runner.query(`CREATE TABLE issued (key_id uuid NOT NULL, roles text[] NOT NULL)`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`DROP TABLE issued`);
  }
}

/** Stands in for the services' projection of the identity stream: records every key it is given. */
@Controller()
class KeyProjection {
  @OnEvent(ApiKeyIssuedV1)
  async issued(@Payload() event: PayloadOf<typeof ApiKeyIssuedV1>, @Ctx() context: EventContext) {
    await context.transaction.query(`INSERT INTO issued (key_id, roles) VALUES ($1, $2)`, [event.keyId, event.roles]);
  }
}

const USERS = ['activities', 'knowledge', 'reporting', 'portal', 'identity-admin'] as const;
type User = (typeof USERS)[number];

function adminKeyIssued() {
  return createEnvelope(
    ApiKeyIssuedV1.subject,
    { keyId: randomUUID(), organisationId: randomUUID(), keyHash: randomBytes(32).toString('hex'), roles: ['admin'], label: 'forged' },
    { producer: 'identity-admin' },
  );
}

/**
 * A private nats-server with the users and permissions of infra/nats/cluster/authorization.conf (the
 * file compose and Kubernetes run), a consumer signed in as the activities service, and what
 * other clients on the network try: the permissions keep a service off identity.>, and the
 * signature keeps forged identity events out even from a publisher the permissions let through.
 */
describe('NATS users, permissions and signed identity events (private nats-server with infra/nats/cluster/authorization.conf)', () => {
  // Some start with a digit or a minus, as generated ones do: the quoting must hold for those too.
  const passwords = Object.fromEntries(
    USERS.map((user, index) => [user, `${['3', '-', '', '0', ''][index]}${randomBytes(24).toString('base64url')}`]),
  ) as Record<User, string>;
  const credentials = (user: User) => ({ user, password: passwords[user] });
  let server: PrivateNats;
  let bed: MessagingTestBed;
  let app: NestFastifyApplication;
  const connections: NatsConnection[] = [];

  const signIn = async (user: User) => {
    const nc = await connect({ servers: server.url, user, pass: passwords[user] });
    connections.push(nc);
    return nc;
  };

  beforeAll(async () => {
    server = await new PrivateNats({
      includes: { 'authorization.conf': readFileSync(path.join(repositoryRoot(), 'infra', 'nats', 'cluster', 'authorization.conf'), 'utf8') },
      // Quoted, as infra/nats/entrypoint.sh and the StatefulSet export them: the server parses the value as config.
      env: Object.fromEntries(USERS.map((user) => [`NATS_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`, `"${passwords[user]}"`])),
    }).start();
    bed = await MessagingTestBed.onServer('permissions', server.url, [IssuedTable1763899999100]);
    app = await bed.start({ service: 'activities', handlers: [KeyProjection], natsCredentials: credentials('activities') });
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(connections.map((nc) => nc.close()));
    await bed?.close();
    await server?.destroy();
  });

  const issuedKeys = async () => ((await bed.dataSource(app).query(`SELECT key_id FROM issued`)) as { key_id: string }[]).map((row) => row.key_id);

  it('refuses a client without credentials, and one with a wrong password', async () => {
    await expect(connect({ servers: server.url })).rejects.toThrow(/authorization/i);
    await expect(connect({ servers: server.url, user: 'activities', pass: passwords.knowledge })).rejects.toThrow(/authorization/i);
  });

  it("relays a service's events through its outbox under its own user", async () => {
    const writer = app.get(OutboxWriter);
    const envelope = await bed
      .dataSource(app)
      .transaction((manager) =>
        writer.append(manager, ActivityScheduledV1, {
          activityId: randomUUID(),
          type: 'lecture',
          title: 'relayed',
          prestatieCode: '7.2.3',
          startsAt: '2026-01-01T10:00:00+01:00',
          endsAt: '2026-01-01T11:00:00+01:00',
        }),
      );
    const jsm = await jetstreamManager(await signIn('identity-admin'));
    const stored = await waitFor(
      () => jsm.streams.getMessage(STREAMS.ACTIVITIES, { last_by_subj: ActivityScheduledV1.subject }).catch(() => null),
      (message) => message?.json<{ eventId: string }>().eventId === envelope.eventId,
      { what: 'the relayed event in the ACTIVITIES stream' },
    );
    expect(stored?.subject).toBe(ActivityScheduledV1.subject);
  }, 30_000);

  it("refuses a service's credentials when it publishes an API key, and lets it publish its own events", async () => {
    const js = jetstream(await signIn('activities'));
    // Signed with the administration's key: only the permission stands in the way.
    const envelope = signEnvelope(adminKeyIssued(), signingKey(TEST_IDENTITY_SIGNING_KEY));
    await expect(js.publish(ApiKeyIssuedV1.subject, JSON.stringify(envelope), { msgID: envelope.eventId })).rejects.toThrow(
      /permissions violation/i,
    );
    const own = createEnvelope(
      ActivityScheduledV1.subject,
      { activityId: randomUUID(), type: 'lecture', title: 'own', prestatieCode: '7.2.3', startsAt: '2026-01-01T10:00:00+01:00', endsAt: '2026-01-01T11:00:00+01:00' },
      { producer: 'activities' },
    );
    expect((await js.publish(ActivityScheduledV1.subject, JSON.stringify(own), { msgID: own.eventId })).stream).toBe(STREAMS.ACTIVITIES);

    for (const user of ['knowledge', 'reporting'] as const) {
      await expect(jetstream(await signIn(user)).publish(ApiKeyIssuedV1.subject, JSON.stringify(envelope))).rejects.toThrow(/permissions violation/i);
    }
    const jsm = await jetstreamManager(await signIn('identity-admin'));
    expect((await jsm.streams.info(STREAMS.IDENTITY)).state.messages).toBe(0);
    expect(await issuedKeys()).toEqual([]);
  }, 30_000);

  it('dead-letters a forged key event from a publisher the permissions allow (unsigned, or signed with another key) and applies the signed one', async () => {
    const nc = await signIn('identity-admin');
    const js = jetstream(nc);
    const unsigned = adminKeyIssued();
    const forged = signEnvelope(adminKeyIssued(), signingKey(generateSigningKeyPair().privateKey));
    const widened = (() => {
      const signed = signEnvelope(adminKeyIssued(), signingKey(TEST_IDENTITY_SIGNING_KEY));
      return { ...signed, payload: { ...signed.payload, roles: ['admin', 'partner'] } };
    })();
    const genuine = signEnvelope(adminKeyIssued(), signingKey(TEST_IDENTITY_SIGNING_KEY));
    const sequences = new Map<string, number>();
    for (const envelope of [unsigned, forged, widened, genuine]) {
      sequences.set(envelope.eventId, (await js.publish(ApiKeyIssuedV1.subject, JSON.stringify(envelope), { msgID: envelope.eventId })).seq);
    }

    await waitFor(issuedKeys, (keys) => keys.length > 0, { what: 'the genuine key applied' });
    const jsm = await jetstreamManager(nc);
    const deadLetters = await waitFor(
      async () => {
        const { state } = await jsm.streams.info(DEAD_LETTER_STREAM);
        const messages = [];
        for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
          messages.push(await jsm.streams.getMessage(DEAD_LETTER_STREAM, { seq }));
        }
        return messages;
      },
      (messages) => messages.length === 3,
      { what: 'three dead letters' },
    );
    const reasons = new Map(
      deadLetters.map((message) => [Number(message!.header.get(DEAD_LETTER_HEADERS.originalSequence)), message!.header.get(DEAD_LETTER_HEADERS.reason)]),
    );
    expect(reasons.get(sequences.get(unsigned.eventId)!)).toBe('identity event refused: unsigned: identity events must be signed by the identity administration');
    expect(reasons.get(sequences.get(forged.eventId)!)).toBe(`identity event refused: signed with key ${forged.signature.keyId}, which this service does not trust`);
    expect(reasons.get(sequences.get(widened.eventId)!)).toBe('identity event refused: signature does not match the event');
    expect(deadLetters.map((message) => message!.subject)).toEqual(Array(3).fill(`deadletter.activities.${ApiKeyIssuedV1.subject}`));
    expect(await issuedKeys()).toEqual([genuine.payload.keyId]);
  }, 30_000);
});
