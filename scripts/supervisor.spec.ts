import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { DEFAULT_BACKOFF, prefixLines, restartDelay, Supervisor } from './supervisor';

/**
 * A small real process: runs until signalled, or exits with `code` after `exitAfterMs`. Prints
 * "up" once its signal handlers are in place.
 */
function sleeper({ ignoreTerm = false, exitAfterMs, code = 0 }: { ignoreTerm?: boolean; exitAfterMs?: number; code?: number } = {}): ChildProcess {
  const script = [
    ignoreTerm ? "process.on('SIGTERM', () => {});" : '',
    exitAfterMs === undefined ? 'setInterval(() => {}, 1000);' : `setTimeout(() => process.exit(${code}), ${exitAfterMs});`,
    "process.stdout.write('up');",
  ].join('');
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
}

const FAST = { firstMs: 100, maxMs: 400, resetAfterMs: 60_000 };

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('prefixLines', () => {
  it('heads every whole line with the name, across chunk boundaries, and writes a last unfinished line at the end', async () => {
    const from = new PassThrough();
    let written = '';
    prefixLines(from, { write: (text: string) => (written += text) }, { name: 'knowledge ' });
    from.write('one\ntw');
    from.write('o\n\nthree');
    expect(written).toBe('knowledge  | one\nknowledge  | two\nknowledge  | \n');
    from.end();
    await once(from, 'end');
    expect(written).toBe('knowledge  | one\nknowledge  | two\nknowledge  | \nknowledge  | three\n');
  });

  it('colours the name on a terminal', () => {
    const from = new PassThrough();
    let written = '';
    prefixLines(from, { write: (text: string) => (written += text) }, { name: 'portal', colour: 1 });
    from.write('up\n');
    expect(written).toBe('\x1b[35mportal\x1b[0m | up\n');
  });
});

describe('restartDelay', () => {
  it('doubles from half a second and stops at ten', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => restartDelay(attempt))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(DEFAULT_BACKOFF.resetAfterMs).toBeGreaterThanOrEqual(10_000);
  });
});

describe('Supervisor', () => {
  let supervisor: Supervisor;
  let lines: string[];
  const started: ChildProcess[] = [];
  const tracked = (make: () => ChildProcess) => () => {
    const child = make();
    started.push(child);
    return child;
  };

  beforeEach(() => {
    lines = [];
    started.length = 0;
  });
  afterEach(async () => {
    await supervisor?.stop();
    for (const child of started) {
      child.kill('SIGKILL');
    }
  });

  it('restarts a killed process after the back-off, says so, and leaves the others alone', async () => {
    supervisor = new Supervisor({ log: (line) => lines.push(line), backoff: FAST });
    supervisor.run({ name: 'reporting', start: tracked(() => sleeper()) });
    supervisor.run({ name: 'activities', start: tracked(() => sleeper()) });
    const first = supervisor.child('reporting')!;
    const other = supervisor.child('activities')!;

    first.kill('SIGKILL');
    await until(() => lines.includes('reporting is back'), 'the restart');

    expect(lines).toEqual(['reporting stopped (SIGKILL); restarting in 0.1 s', 'reporting is back']);
    expect(supervisor.child('reporting')?.pid).not.toBe(first.pid);
    expect(supervisor.child('activities')).toBe(other);
  });

  it('waits longer after each failure, up to the cap', async () => {
    supervisor = new Supervisor({ log: (line) => lines.push(line), backoff: FAST });
    supervisor.run({ name: 'crashing', start: tracked(() => sleeper({ exitAfterMs: 10, code: 1 })) });

    await until(() => lines.filter((line) => line.startsWith('crashing stopped')).length >= 4, 'four failures');

    expect(lines.filter((line) => line.startsWith('crashing stopped')).slice(0, 4)).toEqual([
      'crashing stopped (exit 1); restarting in 0.1 s',
      'crashing stopped (exit 1); restarting in 0.2 s',
      'crashing stopped (exit 1); restarting in 0.4 s',
      'crashing stopped (exit 1); restarting in 0.4 s',
    ]);
  });

  it('starts from the first delay again once a process stayed up long enough', async () => {
    let clock = 0;
    supervisor = new Supervisor({ log: (line) => lines.push(line), backoff: { firstMs: 50, maxMs: 400, resetAfterMs: 30_000 }, now: () => clock });
    supervisor.run({ name: 'flaky', start: tracked(() => sleeper()) });
    const run = (n: number) => until(() => started.length === n && supervisor.child('flaky') === started[n - 1], `run ${n}`);
    const fail = async (n: number) => {
      started[n - 1].kill('SIGKILL');
      await until(() => lines.filter((line) => line.startsWith('flaky stopped')).length === n, `failure ${n}`);
    };

    await run(1);
    await fail(1);
    await run(2);
    await fail(2);
    await run(3);
    clock += 30_000; // the third run stays up for the reset period
    await fail(3);

    expect(lines.filter((line) => line.startsWith('flaky stopped'))).toEqual([
      'flaky stopped (SIGKILL); restarting in 0.05 s',
      'flaky stopped (SIGKILL); restarting in 0.1 s',
      'flaky stopped (SIGKILL); restarting in 0.05 s',
    ]);
  });

  it('says a restarted process is back only once it is ready', async () => {
    let ready = false;
    supervisor = new Supervisor({ log: (line) => lines.push(line), backoff: FAST, readyPollMs: 20 });
    supervisor.run({ name: 'knowledge', start: tracked(() => sleeper()), ready: async () => ready });

    supervisor.child('knowledge')!.kill('SIGKILL');
    await until(() => started.length === 2, 'the restart');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lines).toEqual(['knowledge stopped (SIGKILL); restarting in 0.1 s']);

    ready = true;
    await until(() => lines.length === 2, 'the announcement');
    expect(lines[1]).toBe('knowledge is back');
  });

  it('gives up on a process that refused its configuration (exit 78) and tells the caller', async () => {
    const gaveUp: Array<[string, number]> = [];
    supervisor = new Supervisor({ log: (line) => lines.push(line), backoff: FAST, onGiveUp: (name, code) => gaveUp.push([name, code]) });
    supervisor.run({ name: 'activities', start: tracked(() => sleeper({ exitAfterMs: 10, code: 78 })) });

    await until(() => gaveUp.length === 1, 'giving up');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(gaveUp).toEqual([['activities', 78]]);
    expect(started).toHaveLength(1);
    expect(lines).toEqual(['activities stopped (exit 78) and is not restarted: starting it again would end the same way']);
  });

  it('stops every process with SIGTERM, restarts none of them, and resolves once all have exited', async () => {
    supervisor = new Supervisor({ log: (line) => lines.push(line), backoff: FAST });
    supervisor.run({ name: 'a', start: tracked(() => sleeper()) });
    supervisor.run({ name: 'b', start: tracked(() => sleeper()) });
    const exits = started.map((child) => once(child, 'exit'));

    await supervisor.stop();

    expect(started.map((child) => child.signalCode)).toEqual(['SIGTERM', 'SIGTERM']);
    await Promise.all(exits);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(started).toHaveLength(2);
    expect(lines).toEqual([]);
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    supervisor = new Supervisor({ log: (line) => lines.push(line), backoff: FAST, stopGraceMs: 300 });
    supervisor.run({ name: 'stubborn', start: tracked(() => sleeper({ ignoreTerm: true })) });
    await once(started[0].stdout!, 'data');

    const stoppedAt = Date.now();
    await supervisor.stop();

    expect(started[0].signalCode).toBe('SIGKILL');
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(250);
  });

  it('cancels a pending restart when it is stopped', async () => {
    supervisor = new Supervisor({ log: (line) => lines.push(line), backoff: { firstMs: 300, maxMs: 300, resetAfterMs: 60_000 } });
    supervisor.run({ name: 'reporting', start: tracked(() => sleeper()) });
    supervisor.child('reporting')!.kill('SIGKILL');
    await until(() => lines.length === 1, 'the restart line');

    await supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(started).toHaveLength(1);
  });
});
