// Types of scripts/supervisor.js, for its test (the scripts are plain JavaScript, run without a build).
import type { ChildProcess } from 'node:child_process';

export interface Backoff {
  firstMs: number;
  maxMs: number;
  resetAfterMs: number;
}

export interface SupervisedProcess {
  name: string;
  start: () => ChildProcess;
  ready?: () => Promise<boolean>;
}

export declare const DEFAULT_BACKOFF: Backoff;
export declare const CONFIG_REFUSED: 78;
export declare function restartDelay(attempt: number, backoff?: Backoff): number;

export declare class Supervisor {
  constructor(options: {
    log: (line: string) => void;
    onGiveUp?: (name: string, code: number) => void;
    giveUpOn?: number[];
    backoff?: Backoff;
    stopGraceMs?: number;
    readyPollMs?: number;
    now?: () => number;
  });
  run(spec: SupervisedProcess): void;
  child(name: string): ChildProcess | undefined;
  stop(): Promise<void>;
}

export declare function prefixLines(
  from: import('node:stream').Readable,
  out: { write(text: string): unknown },
  prefix: { name: string; colour?: number },
): void;
