import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { Correlation } from './correlation';
import { prettyDestination } from './pretty-lines';

export type LogFormat = 'json' | 'pretty';

export interface JsonLoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; standard output by default. */
  destination?: pino.DestinationStream;
  /**
   * `pretty`: one readable line per entry (time, level, context, message, fields) for a person
   * at a terminal; `json` (the default with a `destination`) for everything that reads logs.
   * Without either option: LOG_FORMAT, else `pretty` when standard output is a terminal.
   */
  format?: LogFormat;
}

/**
 * Nest's start-up chatter (a line per module and per route, 150 a service), logged at debug:
 * LOG_LEVEL=debug shows it.
 */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'NestMicroservice']);

export function defaultLogFormat(env: NodeJS.ProcessEnv = process.env, terminal = Boolean(process.stdout.isTTY)): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') {
    return env.LOG_FORMAT;
  }
  return terminal ? 'pretty' : 'json';
}

/**
 * Nest's LoggerService over pino: one JSON object per line, with the service name and the
 * correlation id of the work in progress, so a request can be followed across services.
 */
export class JsonLogger implements LoggerService {
  private readonly root: Logger;

  constructor(options: JsonLoggerOptions) {
    const format = options.format ?? (options.destination ? 'json' : defaultLogFormat());
    const out = options.destination ?? pino.destination({ sync: false });
    this.root = pino(
      {
        level: options.level ?? 'info',
        base: { service: options.service },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        mixin: () => {
          const correlationId = Correlation.current();
          return correlationId ? { correlationId } : {};
        },
      },
      format === 'pretty' ? prettyDestination(out) : out,
    );
  }

  get pino(): Logger {
    return this.root;
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]): void {
    const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((level) => levels.includes(level)) ?? 'log';
    this.root.level = { verbose: 'trace', debug: 'debug', log: 'info', warn: 'warn', error: 'error', fatal: 'fatal' }[lowest];
  }

  flush(): void {
    this.root.flush();
  }

  /**
   * Nest calls log(message, context) and error(message, stack, context); the last string
   * argument is the context, an Error or object becomes structured fields.
   */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const args = [...rest];
    const last = args[args.length - 1];
    // error(message, stack) without a context: the lone string is a stack, not a context (as Nest decides).
    const loneStack = level === 'error' && args.length === 1 && typeof last === 'string' && /\n\s+at /.test(last);
    if (typeof last === 'string' && !loneStack) {
      fields.context = args.pop();
      if (level === 'info' && BOOT_CONTEXTS.has(last)) {
        level = 'debug';
      }
    }
    for (const arg of args) {
      if (typeof arg === 'string') {
        fields.stack = arg;
      } else if (arg instanceof Error) {
        fields.err = arg;
      } else if (arg && typeof arg === 'object') {
        Object.assign(fields, arg);
      }
    }
    if (message instanceof Error) {
      this.root[level](withoutReserved({ ...fields, err: message }), message.message);
    } else if (message && typeof message === 'object') {
      const { msg, ...data } = message as Record<string, unknown>;
      this.root[level](withoutReserved({ ...fields, ...data }), typeof msg === 'string' ? msg : '');
    } else {
      this.root[level](withoutReserved(fields), String(message));
    }
  }
}

/**
 * Fields that carry what callers sent rather than what the code did: the bound parameters and
 * the `detail` ("Key (contact_email)=(...)") of a database error, and credentials in headers.
 * Personal data and secrets stay out of the logs even when an error is logged whole.
 */
export const REDACTED_PATHS = [
  'err.parameters',
  'err.detail',
  'err.driverError.parameters',
  'err.driverError.detail',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
];

/** Keys the logger itself writes (its base is the service alone: no pid or hostname); a caller's field of the same name would duplicate them in the line. */
const RESERVED = new Set(['level', 'time', 'service', 'msg', 'correlationId']);

function withoutReserved(fields: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    kept[RESERVED.has(key) ? `field_${key}` : key] = value;
  }
  return kept;
}
