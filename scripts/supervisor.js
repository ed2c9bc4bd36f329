// Keeps a set of processes running, as `npm start` needs: one that dies is started again after
// a back-off and the others keep serving; stop() ends them all. Small on purpose (no daemon, no
// config file): a development and demo supervisor, not a replacement for compose or Kubernetes.
/* global clearTimeout */

/** 0.5 s, 1 s, 2 s, ... up to 10 s; a process that stayed up 30 s starts again from 0.5 s. */
const DEFAULT_BACKOFF = { firstMs: 500, maxMs: 10_000, resetAfterMs: 30_000 };

/** EX_CONFIG: the process refused its configuration; starting it again changes nothing. */
const CONFIG_REFUSED = 78;

/** The wait before restart number `attempt` (0 for the first restart after a good run). */
function restartDelay(attempt, backoff = DEFAULT_BACKOFF) {
  return Math.min(backoff.firstMs * 2 ** attempt, backoff.maxMs);
}

function seconds(ms) {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

class Supervisor {
  /**
   * @param {object} options
   * @param {(line: string) => void} options.log where the supervisor's own lines go
   * @param {(name: string, code: number) => void} [options.onGiveUp] a process exited with a
   *   code in `giveUpOn`: it is not restarted, and the caller decides what follows
   * @param {number[]} [options.giveUpOn] exit codes not worth a restart (default: 78)
   * @param {typeof DEFAULT_BACKOFF} [options.backoff]
   * @param {number} [options.stopGraceMs] how long stop() waits after SIGTERM before SIGKILL
   * @param {number} [options.readyPollMs] how often a restarted process's `ready` is asked
   * @param {() => number} [options.now] the clock that measures how long a process stayed up
   */
  constructor(options) {
    this.log = options.log;
    this.onGiveUp = options.onGiveUp ?? (() => {});
    this.giveUpOn = options.giveUpOn ?? [CONFIG_REFUSED];
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.stopGraceMs = options.stopGraceMs ?? 10_000;
    this.readyPollMs = options.readyPollMs ?? 250;
    this.now = options.now ?? Date.now;
    this.entries = new Map();
    this.stopping = false;
  }

  /**
   * Adds a process and starts it.
   * @param {{ name: string, start: () => import('node:child_process').ChildProcess, ready?: () => Promise<boolean> }} spec
   *   `start` spawns it; `ready` (optional) says whether a restarted one serves again.
   */
  run(spec) {
    const entry = { spec, child: undefined, startedAt: 0, attempt: 0, timer: undefined, exited: undefined };
    this.entries.set(spec.name, entry);
    this.launch(entry, false);
  }

  /** The live child process of a name, if it is running. */
  child(name) {
    const entry = this.entries.get(name);
    return entry?.child && entry.child.exitCode === null && entry.child.signalCode === null ? entry.child : undefined;
  }

  /** SIGTERM to every process, SIGKILL to those still there after the grace period; resolves once all have exited. */
  async stop() {
    this.stopping = true;
    const waits = [];
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer);
      const child = this.child(entry.spec.name);
      if (child) {
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), this.stopGraceMs);
        waits.push(entry.exited.then(() => clearTimeout(kill)));
      }
    }
    await Promise.all(waits);
  }

  launch(entry, restarted) {
    const { name } = entry.spec;
    const child = entry.spec.start();
    entry.child = child;
    entry.startedAt = this.now();
    entry.exited = new Promise((resolve) => child.once('exit', resolve));
    child.once('exit', (code, signal) => this.exited(entry, child, code, signal));
    child.once('error', (error) => this.log(`${name} could not be started: ${error.message}`));
    if (restarted) {
      void this.announceBack(entry, child);
    }
  }

  exited(entry, child, code, signal) {
    const { name } = entry.spec;
    if (this.stopping || entry.child !== child) {
      return;
    }
    const how = signal ?? `exit ${code}`;
    if (signal === null && this.giveUpOn.includes(code)) {
      this.log(`${name} stopped (${how}) and is not restarted: starting it again would end the same way`);
      this.onGiveUp(name, code);
      return;
    }
    if (this.now() - entry.startedAt >= this.backoff.resetAfterMs) {
      entry.attempt = 0;
    }
    const delay = restartDelay(entry.attempt, this.backoff);
    entry.attempt += 1;
    this.log(`${name} stopped (${how}); restarting in ${seconds(delay)}`);
    entry.timer = setTimeout(() => {
      if (!this.stopping) {
        this.launch(entry, true);
      }
    }, delay);
  }

  /** Says "<name> is back" once the restarted process is ready (at once when there is no `ready`). */
  async announceBack(entry, child) {
    const alive = () => !this.stopping && entry.child === child && child.exitCode === null && child.signalCode === null;
    if (entry.spec.ready) {
      while (alive() && !(await entry.spec.ready().catch(() => false))) {
        await new Promise((resolve) => setTimeout(resolve, this.readyPollMs));
      }
    }
    if (alive()) {
      this.log(`${entry.spec.name} is back`);
    }
  }
}

/** ANSI colours for the names in front of the lines, one per process in turn. */
const COLOURS = [36, 35, 33, 32, 34, 96, 95, 93];

/**
 * Copies a child's output to `out` line by line, each line headed by the process's name (and
 * its colour on a terminal), so interleaved output of several processes stays readable. A last
 * line without its newline is written when the stream ends.
 * @param {import('node:stream').Readable} from
 * @param {{ write(text: string): unknown }} out
 * @param {{ name: string, colour?: number }} prefix `colour`: the index of a colour, or none
 */
function prefixLines(from, out, prefix) {
  const head =
    prefix.colour === undefined ? `${prefix.name} | ` : `\x1b[${COLOURS[prefix.colour % COLOURS.length]}m${prefix.name}\x1b[0m | `;
  let partial = '';
  from.setEncoding('utf8');
  from.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    if (lines.length > 0) {
      out.write(lines.map((line) => `${head}${line}\n`).join(''));
    }
  });
  from.on('end', () => {
    if (partial) {
      out.write(`${head}${partial}\n`);
      partial = '';
    }
  });
}

module.exports = { Supervisor, prefixLines, restartDelay, DEFAULT_BACKOFF, CONFIG_REFUSED };
