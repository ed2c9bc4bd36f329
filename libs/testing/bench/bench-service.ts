import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, TEST_JWT_SECRET, TEST_NATS, TEST_REDIS, waitFor } from '@deelwijs/testing';

/**
 * The repository root, found by walking up to the package.json named "deelwijs". The benchmark
 * runs compiled from dist/libs/testing/bench, where a fixed number of `..` lands in dist/.
 */
export function repositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'deelwijs'
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no deelwijs package.json above ${from}`);
    }
  }
}

export interface BenchServiceOptions {
  service: 'activities' | 'reporting';
  databaseUrl: string;
  namespace: string;
  env?: Record<string, string>;
}

/**
 * One built service process, started the way @deelwijs/testing's ServiceProcess starts it.
 *
 * Why not ServiceProcess itself: it finds the repository as path.resolve(__dirname, '../../..'),
 * which is right for the TypeScript source that Jest runs but is dist/ for the compiled file this
 * benchmark loads, so it would start dist/dist/services/... and fail. This launcher finds the
 * root by walking up instead, and bounds stop() so that a hung process cannot hang the run.
 */
export class BenchService {
  readonly port: number;
  private child?: ChildProcess;
  private exited?: Promise<unknown>;
  private readonly output: string[] = [];

  private constructor(
    private readonly options: BenchServiceOptions,
    port: number,
  ) {
    this.port = port;
  }

  static async start(options: BenchServiceOptions): Promise<BenchService> {
    const service = new BenchService(options, await freePort());
    await service.launch();
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get name(): string {
    return this.options.service;
  }

  /** The last few KB of the process's output, for error messages. */
  get logs(): string {
    return this.output.join('').slice(-4_000);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async launch(): Promise<void> {
    const root = repositoryRoot();
    const main = path.join(root, 'dist', 'services', this.options.service, 'src', 'main.js');
    if (!existsSync(main)) {
      throw new Error(`${main} does not exist; run npm run build first`);
    }
    const child = spawn(process.execPath, [main], {
      cwd: root,
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
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Whatever way the benchmark ends (even a forced exit mid clean-up), no service outlives it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      // Only the tail is ever shown; a chatty process must not grow the benchmark's memory.
      if (this.output.length > 200) {
        this.output.splice(0, this.output.length - 200);
      }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = once(child, 'exit');
    let exitedEarly = false;
    void this.exited.then(() => {
      exitedEarly = true;
    });
    const state = await waitFor(
      async (): Promise<number | 'exited'> =>
        exitedEarly ? 'exited' : (await fetch(`${this.url}/health`)).status,
      (value) => value === 200 || value === 'exited',
      { timeoutMs: 45_000, intervalMs: 100, what: `${this.options.service} to become ready` },
    ).catch((error: Error) => {
      throw new Error(`${this.options.service} did not start: ${error.message}\n${this.logs}`);
    });
    if (state === 'exited') {
      throw new Error(`${this.options.service} exited during start-up:\n${this.logs}`);
    }
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if the process is still there after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
