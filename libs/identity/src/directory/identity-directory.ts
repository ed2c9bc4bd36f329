import { jetstream, jetstreamManager, DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  ApiKeyIssuedV1,
  ApiKeyRevokedV1,
  EnvelopeVerifier,
  EventEnvelopeSchema,
  EventNamespace,
  OrganisationRegisteredV1,
  parsePayload,
  STREAMS,
} from '@deelwijs/contracts';
import type { Role } from '../principal';

export interface DirectoryOrganisation {
  id: string;
  name: string;
}

/** What is known of a key: never the key, nor its hash. */
export interface DirectoryApiKey {
  id: string;
  organisationId: string;
  label: string;
  roles: Role[];
  createdAt: string;
  revokedAt?: string;
}

/**
 * The organisations and API keys as the IDENTITY stream records them, read from the stream's
 * start into memory and then followed live. For a process that owns no database (the portal,
 * the embedded OpenID provider): the stream is small (one event per organisation, key and
 * revocation), so reading it whole at start takes a fraction of a second. Like the services'
 * projections, issue and revoke may be met in either order and revocation wins.
 */
export class IdentityDirectory {
  private readonly organisationsById = new Map<string, DirectoryOrganisation>();
  private readonly keysById = new Map<string, Partial<DirectoryApiKey> & { id: string }>();
  private applied = 0;
  private readonly waiting: Array<{ sequence: number; resolve: () => void }> = [];
  private messages?: ConsumerMessages;

  private constructor(
    private readonly namespace: EventNamespace,
    private readonly verifier: EnvelopeVerifier,
  ) {}

  /**
   * Reads the stream up to its current end, then keeps following it. Only events signed by one
   * of the administration's keys count, as in the services (IdentityAdmin.verifier).
   */
  static async open(nc: NatsConnection, namespace: EventNamespace, verifier: EnvelopeVerifier): Promise<IdentityDirectory> {
    const directory = new IdentityDirectory(namespace, verifier);
    const stream = namespace.stream(STREAMS.IDENTITY);
    const info = await (await jetstreamManager(nc)).streams.info(stream);
    const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    directory.messages = await consumer.consume();
    void directory.follow(directory.messages);
    await directory.waitFor(info.state.last_seq);
    return directory;
  }

  organisations(): DirectoryOrganisation[] {
    return [...this.organisationsById.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  organisation(id: string): DirectoryOrganisation | undefined {
    return this.organisationsById.get(id);
  }

  /** Issued keys (a revocation without its issue is left out), newest first. */
  keys(filter: { organisationId?: string } = {}): DirectoryApiKey[] {
    return [...this.keysById.values()]
      .filter((key): key is DirectoryApiKey => key.organisationId !== undefined && key.createdAt !== undefined)
      .filter((key) => filter.organisationId === undefined || key.organisationId === filter.organisationId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  key(id: string): DirectoryApiKey | undefined {
    return this.keys().find((key) => key.id === id);
  }

  /** Resolves once the event at this stream sequence (a publish's ack) has been read. */
  waitFor(sequence: number, timeoutMs = 10_000): Promise<void> {
    if (this.applied >= sequence) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`identity stream not read up to ${sequence} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push({
        sequence,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async close(): Promise<void> {
    await this.messages?.close();
  }

  private async follow(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      this.apply(message.subject, message.string());
      this.applied = message.seq;
      for (const waiter of this.waiting.filter((item) => item.sequence <= this.applied)) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** A message that is not a valid, signed identity event is skipped, as the services' consumers dead-letter it. */
  private apply(wireSubject: string, data: string): void {
    const subject = this.namespace.contractSubject(wireSubject);
    let envelope;
    try {
      const raw: unknown = JSON.parse(data);
      if (this.verifier.refusal(raw) !== undefined) {
        return;
      }
      envelope = EventEnvelopeSchema.parse(raw);
    } catch {
      return;
    }
    try {
      if (subject === OrganisationRegisteredV1.subject) {
        const event = parsePayload(OrganisationRegisteredV1, envelope.payload);
        this.organisationsById.set(event.organisationId, { id: event.organisationId, name: event.name });
      } else if (subject === ApiKeyIssuedV1.subject) {
        const event = parsePayload(ApiKeyIssuedV1, envelope.payload);
        const known = this.keysById.get(event.keyId);
        this.keysById.set(event.keyId, {
          id: event.keyId,
          organisationId: event.organisationId,
          label: event.label,
          roles: event.roles,
          createdAt: envelope.occurredAt,
          revokedAt: known?.revokedAt,
        });
      } else if (subject === ApiKeyRevokedV1.subject) {
        const event = parsePayload(ApiKeyRevokedV1, envelope.payload);
        const known = this.keysById.get(event.keyId) ?? { id: event.keyId };
        known.revokedAt ??= envelope.occurredAt;
        this.keysById.set(event.keyId, known);
      }
    } catch {
      // A payload that does not fit its contract changes nothing.
    }
  }
}
