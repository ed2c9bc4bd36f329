import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import IORedis from 'ioredis';
import { generateSigningKeyPair, publicKeyOf } from '@deelwijs/contracts';

export const TEST_POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const TEST_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * The signing secret of the services tests start: random per run, never written down, so that it
 * is no secret the services refuse as published (a fixed one in the repository would be one).
 * Kept in the environment, so a child process that inherits it (a CLI a test runs) signs alike.
 */
export const TEST_JWT_SECRET = (process.env.TEST_JWT_SECRET ??= randomBytes(32).toString('base64url'));

/**
 * The identity administration's key pair for the services tests start (IDENTITY_SIGNING_KEY and
 * IDENTITY_SIGNING_PUBLIC_KEY): new per run, in the environment like TEST_JWT_SECRET, so that a
 * CLI a test runs signs with the key the services trust.
 */
export const TEST_IDENTITY_SIGNING_KEY = (process.env.TEST_IDENTITY_SIGNING_KEY ??= generateSigningKeyPair().privateKey);
export const TEST_IDENTITY_PUBLIC_KEY = publicKeyOf(TEST_IDENTITY_SIGNING_KEY);

/** A name no earlier or parallel run uses: databases, streams and queues all carry it. */
export function uniqueName(label: string): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** Creates an empty database and returns its URL and a function that drops it. */
export async function createTestDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueName(label);
  const admin = new Client({ connectionString: `${TEST_POSTGRES}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: `${TEST_POSTGRES}/${name}`,
    drop: async () => {
      const client = new Client({ connectionString: `${TEST_POSTGRES}/postgres` });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Deletes every stream of an event namespace (the test's own; never anything else). */
export async function deleteNamespaceStreams(namespace: string): Promise<void> {
  if (!namespace) {
    throw new Error('refusing to delete streams without a namespace');
  }
  const nc = await connect({ servers: TEST_NATS });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(`${namespace}_`)) {
        await jsm.streams.delete(name);
      }
    }
  } finally {
    await nc.close();
  }
}

/** Removes the BullMQ keys of a namespace's queues. */
export async function deleteNamespaceQueues(namespace: string): Promise<void> {
  const redis = new IORedis(TEST_REDIS);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `deelwijs:${namespace}-*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until the probe returns a value that passes, or fails with the last value seen. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) {
        return last;
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}; last value ${JSON.stringify(last)}${lastError ? `, last error ${String(lastError)}` : ''}`,
  );
}
