import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './service-process';

const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL, Redis or NATS server of the test's own, on a free port with its data in a
 * temporary directory: the fault suite SIGKILLs and restarts these, never the machine's shared
 * servers. Data survives a kill the way it would in production (WAL, AOF, JetStream file store).
 */
export abstract class PrivateServer {
  port = 0;
  readonly dir: string;
  private child?: ChildProcess;
  private exited?: Promise<unknown>;
  private output = '';

  protected constructor(readonly name: string) {
    this.dir = mkdtempSync(path.join(tmpdir(), `deelwijs-${name}-`));
  }

  protected abstract command(): { file: string; args: string[]; uid?: number; gid?: number; env?: Record<string, string> };
  abstract get url(): string;

  /** Prepares the data directory once; runs before the first start. */
  protected async prepare(): Promise<void> {}

  get logs(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<this> {
    if (this.port === 0) {
      this.port = await freePort();
      await this.prepare();
    }
    const { file, args, uid, gid, env } = this.command();
    const child = spawn(file, args, { uid, gid, env: env ? { ...process.env, ...env } : undefined, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    this.exited = once(child, 'exit');
    await this.waitUntilListening();
    return this;
  }

  /** SIGKILL: no shutdown, no flush beyond what the server already made durable. */
  async kill(): Promise<void> {
    if (this.running) {
      this.child!.kill('SIGKILL');
      await this.exited;
    }
  }

  async stop(): Promise<void> {
    if (this.running) {
      this.child!.kill('SIGTERM');
      await this.exited;
    }
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** Stops the server and removes its data. */
  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitUntilListening(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`${this.name} exited while starting:\n${this.output.slice(-2000)}`);
      }
      if (await this.answers()) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${this.name} did not listen on port ${this.port} within ${timeoutMs} ms:\n${this.output.slice(-2000)}`);
  }

  /** Whether the server is ready for clients; by default, whether its port accepts a connection. */
  protected answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }
}

export class PrivatePostgres extends PrivateServer {
  private readonly user = lookupUser('postgres');

  constructor() {
    super('postgres');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  protected override async prepare(): Promise<void> {
    // PostgreSQL refuses to run as root; the machine's postgres user owns the cluster.
    chownSync(this.dir, this.user.uid, this.user.gid);
    execFileSync(path.join(POSTGRES_BIN, 'initdb'), ['-D', this.dir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8'], {
      uid: this.user.uid,
      gid: this.user.gid,
      stdio: 'pipe',
    });
  }

  protected command() {
    return {
      file: path.join(POSTGRES_BIN, 'postgres'),
      args: ['-D', this.dir, '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      uid: this.user.uid,
      gid: this.user.gid,
    };
  }

  protected override async answers(): Promise<boolean> {
    try {
      execFileSync(path.join(POSTGRES_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }
}

export class PrivateRedis extends PrivateServer {
  constructor() {
    super('redis');
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  protected command() {
    // appendfsync always: a job BullMQ was told is stored survives a SIGKILL, as in production.
    return {
      file: 'redis-server',
      args: ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction'],
    };
  }
}

export interface PrivateNatsOptions {
  /**
   * Configuration files besides the server's own (name → content), put beside it and included
   * by it: the users and permissions of infra/nats/cluster/authorization.conf, for example.
   */
  includes?: Record<string, string>;
  /** The server's environment, for the `$VARIABLE`s of those files (passwords). */
  env?: Record<string, string>;
}

export class PrivateNats extends PrivateServer {
  constructor(private readonly options: PrivateNatsOptions = {}) {
    super('nats');
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  protected override async prepare(): Promise<void> {
    const includes = this.options.includes ?? {};
    for (const [name, content] of Object.entries(includes)) {
      writeFileSync(path.join(this.dir, name), content);
    }
    writeFileSync(
      path.join(this.dir, 'nats-server.conf'),
      [
        `listen: "127.0.0.1:${this.port}"`,
        `jetstream { store_dir: "${path.join(this.dir, 'jetstream')}" }`,
        ...Object.keys(includes).map((name) => `include ./${name}`),
        '',
      ].join('\n'),
    );
  }

  protected command() {
    return { file: 'nats-server', args: ['-c', path.join(this.dir, 'nats-server.conf')], env: this.options.env };
  }
}

function lookupUser(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Whether this machine can run private servers (the binaries exist and we may switch user). */
export function privateServersAvailable(): boolean {
  return existsSync(path.join(POSTGRES_BIN, 'postgres')) && process.getuid?.() === 0;
}
