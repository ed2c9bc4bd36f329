import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { signStaffToken, type Role } from '@deelwijs/identity';
import { TEST_JWT_SECRET, TEST_NATS, TEST_REDIS, waitFor } from './infrastructure';

/** The repository root, from the sources (tests) or from dist/ (the benchmark). */
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../..' : '../../..');

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
  service: 'activities' | 'knowledge' | 'reporting';
  databaseUrl: string;
  namespace: string;
  env?: Record<string, string>;
}

/**
 * One real service process, started from the build in dist/ as `npm start` would, with its
 * logs kept for the test to read.
 */
export class ServiceProcess {
  readonly port: number;
  private child?: ChildProcess;
  private output: string[] = [];
  exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly options: ServiceProcessOptions,
    port: number,
  ) {
    this.port = port;
  }

  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const service = new ServiceProcess(options, await freePort());
    await service.start();
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output.join('');
  }

  /** Starts (or restarts) the process and waits until it reports ready. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    const main = path.join(ROOT, 'dist', 'services', this.options.service, 'src', 'main.js');
    const child = spawn(process.execPath, [main], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.options.databaseUrl,
        NATS_URL: TEST_NATS,
        REDIS_URL: TEST_REDIS,
        EVENTS_NAMESPACE: this.options.namespace,
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'warn',
        ...this.options.env,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
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
      { timeoutMs: 30_000, intervalMs: 100, what: `${this.options.service} to become ready` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.logs.slice(-3000)}`);
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
      await this.exited;
    }
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
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
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as any) : undefined };
  }
}

export function staffToken(roles: Role[], organisationId?: string): string {
  return signStaffToken(TEST_JWT_SECRET, { subject: 'test-staff', roles, organisationId });
}
