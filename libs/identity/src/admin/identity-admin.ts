import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  ApiKeyIssuedV1,
  ApiKeyRevokedV1,
  createEnvelope,
  EventNamespace,
  OrganisationRegisteredV1,
  parsePayload,
  type EventContract,
  type PayloadOf,
} from '@deelwijs/contracts';
import { provisionStreams } from '@deelwijs/messaging';
import { generateApiKey } from '../api-key';
import type { Role } from '../principal';

/**
 * The identity stream is the record of organisations and API keys: the admin commands append
 * to it, and every service keeps its own projection. A publish counts once JetStream has
 * acknowledged it; the event id doubles as Nats-Msg-Id, so a retried command stores it once.
 */
export class IdentityAdmin {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: EventNamespace,
  ) {}

  static async connect(options: { natsUrl: string; namespace?: string; streamReplicas?: number }): Promise<IdentityAdmin> {
    const nc = await connect({ servers: options.natsUrl.split(','), name: 'identity-admin' });
    const namespace = new EventNamespace(options.namespace ?? '');
    await provisionStreams(await jetstreamManager(nc), namespace, options.streamReplicas ?? 1);
    return new IdentityAdmin(nc, namespace);
  }

  async registerOrganisation(name: string): Promise<{ organisationId: string }> {
    const organisationId = randomUUID();
    await this.publish(OrganisationRegisteredV1, { organisationId, name });
    return { organisationId };
  }

  /** Returns the key itself exactly once; only its hash leaves this function. */
  async issueKey(organisationId: string, roles: Role[], label = ''): Promise<{ keyId: string; key: string }> {
    const { keyId, key, keyHash } = generateApiKey();
    await this.publish(ApiKeyIssuedV1, { keyId, organisationId, keyHash, roles, label });
    return { keyId, key };
  }

  async revokeKey(keyId: string): Promise<void> {
    await this.publish(ApiKeyRevokedV1, { keyId });
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }

  private async publish<C extends EventContract>(contract: C, payload: PayloadOf<C>): Promise<void> {
    const envelope = createEnvelope(contract.subject, parsePayload(contract, payload), { producer: 'identity-admin' });
    await jetstream(this.nc).publish(this.namespace.subject(contract.subject), JSON.stringify(envelope), {
      msgID: envelope.eventId,
    });
  }
}
