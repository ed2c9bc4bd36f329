import { randomUUID, type KeyObject } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  ApiKeyIssuedV1,
  ApiKeyRevokedV1,
  createEnvelope,
  EventNamespace,
  OrganisationRegisteredV1,
  parsePayload,
  publicKeyOf,
  EnvelopeVerifier,
  signEnvelope,
  signingKey,
  type EventContract,
  type PayloadOf,
} from '@deelwijs/contracts';
import { provisionStreams } from '@deelwijs/messaging';
import { generateApiKey } from '../api-key';
import type { Role } from '../principal';

export interface IdentityAdminOptions {
  natsUrl: string;
  /** The administration's NATS user, the only kind allowed to publish `identity.>` (infra/nats). */
  natsCredentials?: { user: string; password: string };
  /** The Ed25519 private key every identity event is signed with (base64 PKCS#8 DER or PEM). */
  signingKey: string;
  /**
   * The keys whose signatures a reader of the stream (IdentityDirectory) accepts: the public half
   * of signingKey by default; while a key is being replaced, the old one's too (comma-separated).
   */
  verificationKeys?: string;
  namespace?: string;
  streamReplicas?: number;
  name?: string;
}

/**
 * The identity stream is the record of organisations and API keys: the admin commands append
 * to it, and every service keeps its own projection. A publish counts once JetStream has
 * acknowledged it; the event id doubles as Nats-Msg-Id, so a retried command stores it once.
 * Every event is signed with the administration's key, and the services apply only signed ones
 * (ed25519-jcs-v1, libs/contracts/src/event-signature.ts).
 */
export class IdentityAdmin {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: EventNamespace,
    private readonly key: KeyObject,
    /** Checks the signatures of what the stream holds, for IdentityDirectory. */
    readonly verifier: EnvelopeVerifier,
  ) {}

  static async connect(options: IdentityAdminOptions): Promise<IdentityAdmin> {
    // Read first: a bad key is refused before anything connects.
    const key = signingKey(options.signingKey);
    const nc = await connect({
      servers: options.natsUrl.split(','),
      name: options.name ?? 'identity-admin',
      ...(options.natsCredentials ? { user: options.natsCredentials.user, pass: options.natsCredentials.password } : {}),
      // A long-lived user (the portal) waits out a NATS restart instead of losing its connection.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    const namespace = new EventNamespace(options.namespace ?? '');
    await provisionStreams(await jetstreamManager(nc), namespace, options.streamReplicas ?? 1);
    return new IdentityAdmin(nc, namespace, key, new EnvelopeVerifier(options.verificationKeys ?? publicKeyOf(options.signingKey)));
  }

  /** The connection, for readers of the same stream (IdentityDirectory) and health checks. */
  get connection(): NatsConnection {
    return this.nc;
  }

  get eventNamespace(): EventNamespace {
    return this.namespace;
  }

  /** A new organisation, or one with an id of its own (the demo partner's, which must not change between runs). */
  async registerOrganisation(name: string, organisationId: string = randomUUID()): Promise<{ organisationId: string; sequence: number }> {
    const sequence = await this.publish(OrganisationRegisteredV1, { organisationId, name });
    return { organisationId, sequence };
  }

  /** Returns the key itself exactly once; only its hash leaves this function. */
  async issueKey(organisationId: string, roles: Role[], label = ''): Promise<{ keyId: string; key: string; sequence: number }> {
    const { keyId, key, keyHash } = generateApiKey();
    const sequence = await this.publish(ApiKeyIssuedV1, { keyId, organisationId, keyHash, roles, label });
    return { keyId, key, sequence };
  }

  async revokeKey(keyId: string): Promise<{ sequence: number }> {
    return { sequence: await this.publish(ApiKeyRevokedV1, { keyId }) };
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) {
      await this.nc.drain();
    }
  }

  /** Returns the event's sequence in the stream, so a reader can wait until it has seen it. */
  private async publish<C extends EventContract>(contract: C, payload: PayloadOf<C>): Promise<number> {
    const envelope = signEnvelope(createEnvelope(contract.subject, parsePayload(contract, payload), { producer: 'identity-admin' }), this.key);
    const ack = await jetstream(this.nc).publish(this.namespace.subject(contract.subject), JSON.stringify(envelope), {
      msgID: envelope.eventId,
    });
    return ack.seq;
  }
}
