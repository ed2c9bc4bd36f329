import type pino from 'pino';

const LEVEL_STYLE: Record<string, { label: string; colour: number }> = {
  trace: { label: 'TRACE', colour: 90 },
  debug: { label: 'DEBUG', colour: 90 },
  info: { label: 'INFO ', colour: 32 },
  warn: { label: 'WARN ', colour: 33 },
  error: { label: 'ERROR', colour: 31 },
  fatal: { label: 'FATAL', colour: 31 },
};

/** What every line has, shown in its own place (or not at all: the service is the line's prefix under npm start). */
const PLACED = new Set(['level', 'time', 'service', 'msg', 'context', 'correlationId', 'err']);

function value(field: unknown): string {
  if (typeof field === 'string') {
    return /[\s"=]/.test(field) ? JSON.stringify(field) : field;
  }
  return JSON.stringify(field);
}

/**
 * One JSON log entry as a line a person reads: `12:30:01 WARN  [Mailer] message key=value`,
 * the level coloured, an error's stack below it. The entry is pino's, already redacted.
 */
export function prettyLine(json: string, colour = true): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const paint = (code: number, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const style = LEVEL_STYLE[String(entry.level)] ?? { label: String(entry.level).toUpperCase().padEnd(5), colour: 0 };
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const context = entry.context ? paint(90, `[${String(entry.context)}] `) : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !PLACED.has(key))
    .map(([key, field]) => `${paint(90, `${key}=`)}${value(field)}`)
    .join(' ');
  const err = entry.err as { message?: string; stack?: string } | undefined;
  const correlation = entry.correlationId ? paint(90, ` (${String(entry.correlationId)})`) : '';
  let line = `${paint(90, time)} ${paint(style.colour, style.label)} ${context}${String(entry.msg ?? '')}${fields ? ` ${fields}` : ''}${correlation}\n`;
  if (err) {
    line += `${(err.stack ?? err.message ?? '').replace(/^/gm, '    ')}\n`;
  }
  return line;
}

/** A pino destination that writes pretty lines to `out` instead of JSON. */
export function prettyDestination(out: pino.DestinationStream & { flush?: (callback?: (error?: Error) => void) => void }): pino.DestinationStream {
  return Object.assign(
    {
      write(json: string) {
        out.write(prettyLine(json));
      },
    },
    // The logger's flush() (before exit on a refused config) reaches the stream that buffers.
    out.flush ? { flush: (callback?: (error?: Error) => void) => out.flush!(callback) } : {},
  );
}
