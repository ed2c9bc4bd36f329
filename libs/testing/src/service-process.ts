import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { signStaffToken, type Role } from '@deelwijs/identity';
import { TEST_IDENTITY_PUBLIC_KEY, TEST_JWT_SECRET, TEST_NATS, TEST_REDIS, waitFor } from './infrastructure';

/**
 * The repository root, found by walking up to the package.json named "deelwijs": this file runs
 * both as TypeScript source (Jest) and compiled in dist/ (the benchmarks), at different depths.
 */
export function repositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'deelwijs') {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no deelwijs package.json above ${from}`);
    }
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

export interface ServiceProcessOptions {
  service: 'activities' | 'knowledge' | 'reporting' | 'portal' | 'identity-provider';
  /** The service's database; the portal and the identity provider have none. */
  databaseUrl?: string;
  /** A port of its own choosing (the provider must know the portal's address before either starts); a free one otherwise. */
  port?: number;
  namespace: string;
  env?: Record<string, string>;
  /** Node.js options before the script, e.g. --cpu-prof (which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
  /** How long start() waits for /health to answer 200. */
  readyTimeoutMs?: number;
}

/** infra/service-runtime.json: how every service process runs, in tests as in the image. */
export function serviceRuntime(root: string = repositoryRoot()): { nodeArgs: string[]; env: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(root, 'infra', 'service-runtime.json'), 'utf8')) as {
    nodeArgs: string[];
    env: Record<string, string>;
  };
}

/** Kept output is capped: a chatty process under a long benchmark must not grow its parent's memory. */
const MAX_KEPT_OUTPUT_CHARS = 1_000_000;

/**
 * One real service process, started from the build in dist/ as `npm start` would, with its
 * logs kept for the test to read.
 */
export class ServiceProcess {
  readonly port: number;
  private child?: ChildProcess;
  private output: string[] = [];
  private outputChars = 0;
  exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly options: ServiceProcessOptions,
    port: number,
  ) {
    this.port = port;
  }

  /** The service's own database, for a test that must give it data no API makes (a generated network). */
  get databaseUrl(): string | undefined {
    return this.options.databaseUrl;
  }

  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const service = new ServiceProcess(options, options.port ?? (await freePort()));
    await service.start();
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get name(): string {
    return this.options.service;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get logs(): string {
    return this.output.join('');
  }

  /** Starts (or restarts) the process and waits until it reports ready. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    const root = repositoryRoot();
    const main = path.join(root, 'dist', 'services', this.options.service, 'src', 'main.js');
    if (!existsSync(main)) {
      throw new Error(`${main} does not exist; run npm run build first`);
    }
    const runtime = serviceRuntime(root);
    const child = spawn(process.execPath, [...runtime.nodeArgs, ...(this.options.nodeArgs ?? []), main], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        // The node options and malloc settings every service runs with (the image sets the same).
        ...runtime.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        ...(this.options.databaseUrl ? { DATABASE_URL: this.options.databaseUrl } : {}),
        NATS_URL: TEST_NATS,
        REDIS_URL: TEST_REDIS,
        EVENTS_NAMESPACE: this.options.namespace,
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
        LOG_LEVEL: 'warn',
        // Tests and benchmarks drive one caller far past a real client's rate: the limiter still
        // counts every request, but only a test that sets its own limit meets a 429.
        RATE_LIMIT_PER_MINUTE: '100000000',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
        ...this.options.env,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // However the parent ends (a failed test run, a benchmark's forced exit), no service outlives it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    child.stdout!.on('data', (chunk: Buffer) => this.keep(chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
    let exitedEarly = false;
    void this.exited.then(() => {
      exitedEarly = true;
    });
    await waitFor(
      async () => {
        if (exitedEarly) {
          throw new Error(`${this.options.service} exited during start-up:\n${this.logs.slice(-3000)}`);
        }
        return (await fetch(`${this.url}/health`)).status;
      },
      (status) => status === 200,
      { timeoutMs: this.options.readyTimeoutMs ?? 30_000, intervalMs: 100, what: `${this.options.service} to become ready` },
    ).catch(async (error: Error) => {
      // A process that never became ready is nobody's to stop later: the caller gets no handle on it.
      await this.kill('SIGKILL');
      throw new Error(`${error.message}\n${this.logs.slice(-3000)}`);
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
      await this.exited;
    }
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if the process is still there after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    const timer = setTimeout(() => child?.kill('SIGKILL'), graceMs);
    try {
      await this.kill('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }

  async request(method: string, route: string, options: { roles?: Role[]; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.roles) {
      headers.authorization = `Bearer ${staffToken(options.roles)}`;
    }
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: text ? (json ? (JSON.parse(text) as any) : text) : undefined };
  }

  private keep(chunk: Buffer): void {
    const text = chunk.toString();
    this.output.push(text);
    this.outputChars += text.length;
    while (this.outputChars > MAX_KEPT_OUTPUT_CHARS && this.output.length > 1) {
      this.outputChars -= this.output.shift()!.length;
    }
  }
}

export function staffToken(roles: Role[], organisationId?: string): string {
  return signStaffToken(TEST_JWT_SECRET, { subject: 'test-staff', roles, organisationId });
}
