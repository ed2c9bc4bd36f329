import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * CPU use over an interval, read from Linux's /proc: on a 2-core machine the load generator,
 * both services, PostgreSQL and NATS share the same cores, so "was the CPU saturated?" is the
 * first question about any latency number. Elsewhere the readings are simply absent.
 */

/** Clock ticks per second of /proc times; 100 on every mainstream Linux build (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

interface MachineTimes {
  busy: number;
  total: number;
}

function machineTimes(): MachineTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = fields[3] + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of a process (all its threads) so far. */
function processSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the numeric fields start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/**
 * The ids of the running processes whose command name is `name` (for example "postgres") and,
 * when `cmdlineIncludes` is given, whose command line holds one of those strings (a PostgreSQL
 * backend shows its database name there).
 */
export function pidsNamed(name: string, cmdlineIncludes?: string[]): number[] {
  const read = (pid: string, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  try {
    return readdirSync('/proc')
      .filter((entry) => /^[0-9]+$/.test(entry) && read(entry, 'comm').trim() === name)
      .filter(
        (entry) => !cmdlineIncludes || cmdlineIncludes.some((text) => read(entry, 'cmdline').includes(text)),
      )
      .map(Number);
  } catch {
    return [];
  }
}

export interface CpuReport {
  /** Share of all cores busy, 0-100. */
  machineBusyPercent?: number;
  /** Per named group of processes: CPU used as a percentage of one core (200 = both cores of two). */
  processPercentOfOneCore: Record<string, number | undefined>;
  /** Per named group of processes: CPU seconds used. */
  processSeconds: Record<string, number | undefined>;
  /**
   * The machine's busy time not used by any group (which must not overlap), as a percentage
   * of one core: whatever else ran meanwhile, such as someone's test run.
   */
  otherPercentOfOneCore?: number;
  elapsedSeconds: number;
}

/**
 * Measures from construction to read(). A group's processes are fixed at construction: its
 * readings cover the processes alive then (for PostgreSQL: the pooled backends, which live on).
 */
export class CpuMeter {
  private readonly machineStart = machineTimes();
  private readonly processStart = new Map<number, number | undefined>();
  private readonly startedAt = Date.now();

  constructor(private readonly groups: Record<string, number[]>) {
    for (const pid of Object.values(groups).flat()) {
      this.processStart.set(pid, processSeconds(pid));
    }
  }

  read(): CpuReport {
    const elapsedSeconds = (Date.now() - this.startedAt) / 1_000;
    const machineEnd = machineTimes();
    const machineBusyPercent =
      this.machineStart && machineEnd && machineEnd.total > this.machineStart.total
        ? (100 * (machineEnd.busy - this.machineStart.busy)) / (machineEnd.total - this.machineStart.total)
        : undefined;
    const processPercentOfOneCore: Record<string, number | undefined> = {};
    const secondsUsed: Record<string, number | undefined> = {};
    for (const [name, pids] of Object.entries(this.groups)) {
      let used: number | undefined;
      for (const pid of pids) {
        // A process that started or ended inside the interval has no pair of readings: left out.
        const start = this.processStart.get(pid);
        const end = processSeconds(pid);
        if (start !== undefined && end !== undefined) {
          used = (used ?? 0) + (end - start);
        }
      }
      secondsUsed[name] = used;
      processPercentOfOneCore[name] =
        used === undefined || elapsedSeconds <= 0 ? undefined : (100 * used) / elapsedSeconds;
    }
    const grouped = Object.values(processPercentOfOneCore).reduce<number>((sum, percent) => sum + (percent ?? 0), 0);
    const otherPercentOfOneCore =
      machineBusyPercent === undefined ? undefined : Math.max(0, machineBusyPercent * os.cpus().length - grouped);
    return { machineBusyPercent, processPercentOfOneCore, processSeconds: secondsUsed, otherPercentOfOneCore, elapsedSeconds };
  }
}
