import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SESSION_KEEPALIVE_SQL } from '@deelwijs/persistence';

/** The advisory lock of an Idempotency-Key: 64 bits of SHA-256 over the caller's scope and the key. */
export function claimLockId(scope: string, key: string): string {
  return createHash('sha256').update(`idempotency\n${scope}\n${key}`).digest().readBigInt64BE(0).toString();
}

/**
 * Ties each Idempotency-Key claim of this instance to a PostgreSQL session: a session-level
 * advisory lock per key, held on one connection of its own while the request runs. The
 * moment the instance is gone (SIGKILL, crash, a vanished host), PostgreSQL ends its session
 * and with it the locks, so another instance that finds the key in flight and gets its lock
 * knows the holder is dead and takes over at once, instead of waiting out a fixed window.
 *
 * A killed process's socket is closed by its kernel, which PostgreSQL sees at once; for a
 * host that disappears without closing anything, the session asks PostgreSQL to probe the
 * client with TCP keepalives every few seconds (`tcp_keepalives_*`), so the locks go within
 * about ten seconds then too.
 *
 * Advisory locks are re-entrant per session and this instance holds all its claims on one
 * session, so the instance keeps its own set too: a key it holds is busy for its own other
 * requests without asking PostgreSQL.
 */
@Injectable()
export class ClaimLocks implements OnApplicationShutdown {
  private readonly logger = new Logger(ClaimLocks.name);
  private readonly held = new Set<string>();
  private connection?: Client;
  private connecting?: Promise<Client>;
  /** The session's statements, one after another: a pg Client runs one query at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Takes the key's lock for this instance; false when a live attempt (here or elsewhere) holds it. */
  async tryLock(lockId: string): Promise<boolean> {
    if (this.held.has(lockId)) {
      return false;
    }
    this.held.add(lockId);
    try {
      const client = await this.client();
      const { rows } = await this.inTurn(() =>
        client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [lockId]),
      );
      if (!rows[0].locked) {
        this.held.delete(lockId);
      }
      return rows[0].locked;
    } catch (error) {
      this.held.delete(lockId);
      throw error;
    }
  }

  /** Gives the key's lock up, once the attempt's answer is stored (or its claim removed). */
  async unlock(lockId: string): Promise<void> {
    if (!this.held.delete(lockId)) {
      return;
    }
    const client = this.connection;
    if (!client) {
      // The session ended meanwhile, and with it the lock.
      return;
    }
    try {
      await this.inTurn(() => client.query(`SELECT pg_advisory_unlock($1::bigint)`, [lockId]));
    } catch (error) {
      this.logger.warn({ msg: 'releasing an idempotency claim lock failed; it goes with the session', error: (error as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.connection?.end().catch(() => undefined);
    this.connection = undefined;
  }

  /**
   * Runs a statement on the shared session once the ones before it are done. Concurrent requests
   * would otherwise hand the one Client several queries at once, which pg only queues with a
   * deprecation warning (and pg 9 refuses).
   */
  private inTurn<T>(statement: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(statement);
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private client(): Promise<Client> {
    if (this.connection) {
      return Promise.resolve(this.connection);
    }
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    if (this.stopped) {
      throw new Error('the idempotency claim locks are closed');
    }
    const options = this.dataSource.options as { url?: string; applicationName?: string };
    const client = new Client({
      connectionString: options.url,
      application_name: `${options.applicationName ?? 'deelwijs'}-idempotency`,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    client.on('error', (error) => this.discard(client, error));
    client.on('end', () => this.discard(client));
    try {
      await client.connect();
      // A vanished host's session, and its locks, end within about 9 s.
      await client.query(SESSION_KEEPALIVE_SQL);
    } catch (error) {
      this.discard(client);
      await client.end().catch(() => undefined);
      throw error;
    }
    this.connection = client;
    return client;
  }

  /**
   * The session is gone, and with it every lock it held: the requests still running here
   * lose their protection against a takeover, but not their exactly-once, which the claim id
   * in the row guards (see IdempotencyService).
   */
  private discard(client: Client, error?: Error): void {
    if (this.connection === client) {
      this.connection = undefined;
      this.held.clear();
      if (error && !this.stopped) {
        this.logger.warn({ msg: 'the idempotency claim session ended', error: error.message });
      }
    }
  }
}
