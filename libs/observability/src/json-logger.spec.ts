import { Correlation } from './correlation';
import { defaultLogFormat, JsonLogger } from './json-logger';
import { prettyLine } from './pretty-lines';

/** A pino-compatible destination that keeps what is written. */
function collector() {
  const chunks: string[] = [];
  const destination = {
    write(chunk: string) {
      chunks.push(chunk);
    },
  };
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0);
  const records = () => lines().map((line) => JSON.parse(line) as Record<string, unknown>);
  return { destination, chunks, lines, records };
}

function setup(level?: string) {
  const output = collector();
  const logger = new JsonLogger({ service: 'activities', level, destination: output.destination });
  return { logger, ...output };
}

describe('JsonLogger', () => {
  describe('line format', () => {
    it('writes one JSON object per line with service, level, message and an ISO time', () => {
      const { logger, chunks, lines, records } = setup();

      logger.log('first');
      logger.warn('second');
      logger.flush();

      expect(chunks).toHaveLength(2);
      expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
      expect(lines()).toHaveLength(2);
      const [first, second] = records();
      expect(first).toMatchObject({ service: 'activities', level: 'info', msg: 'first' });
      expect(second).toMatchObject({ service: 'activities', level: 'warn', msg: 'second' });
      expect(new Date(first.time as string).toISOString()).toBe(first.time);
    });

    it.each([
      ['log', 'info'],
      ['error', 'error'],
      ['warn', 'warn'],
      ['debug', 'debug'],
      ['verbose', 'trace'],
      ['fatal', 'fatal'],
    ] as const)('%s() writes at level %s', (method, level) => {
      const { logger, records } = setup('trace');

      logger[method]('message');

      expect(records()).toEqual([expect.objectContaining({ level, msg: 'message' })]);
    });

    it('writes nothing below its level', () => {
      const { logger, records } = setup('info');

      logger.debug('hidden');
      logger.verbose('hidden too');
      logger.log('shown');

      expect(records().map((record) => record.msg)).toEqual(['shown']);
    });
  });

  describe('correlation', () => {
    it('adds the correlation id of the work in progress', () => {
      const { logger, records } = setup();

      Correlation.run('req-42', () => logger.log('inside'));

      expect(records()[0]).toMatchObject({ msg: 'inside', correlationId: 'req-42' });
    });

    it('adds no correlation id outside any work, and the current one in nested work', () => {
      const { logger, records } = setup();

      logger.log('outside');
      Correlation.run('outer', () => {
        Correlation.run('inner', () => logger.log('nested'));
        logger.log('back');
      });

      const [outside, nested, back] = records();
      expect(outside).not.toHaveProperty('correlationId');
      expect(nested.correlationId).toBe('inner');
      expect(back.correlationId).toBe('outer');
    });
  });

  describe('Nest-style calls', () => {
    it('log(message, context) puts the context in its own field, not in the message', () => {
      const { logger, records } = setup();

      logger.log('outbox relay started', 'OutboxRelay');

      expect(records()[0]).toMatchObject({
        msg: 'outbox relay started',
        context: 'OutboxRelay',
      });
    });

    it('error(message, stack, context) keeps both the stack and the context', () => {
      const { logger, records } = setup();
      const stack = 'Error: boom\n    at handler (activities.controller.ts:10:5)';

      logger.error('request failed', stack, 'ExceptionsHandler');

      expect(records()[0]).toMatchObject({
        level: 'error',
        msg: 'request failed',
        stack,
        context: 'ExceptionsHandler',
      });
    });

    it('merges an object argument into the fields', () => {
      const { logger, records } = setup();

      logger.log('relayed', { published: 3, pending: 0 }, 'OutboxRelay');

      expect(records()[0]).toMatchObject({
        msg: 'relayed',
        published: 3,
        pending: 0,
        context: 'OutboxRelay',
      });
    });

    it('takes a structured message: msg becomes the message, the rest become fields', () => {
      const { logger, records } = setup();

      logger.error({ msg: 'endpoint declares no roles; refusing', handler: 'forgotten' }, 'AuthGuard');

      const [record] = records();
      expect(record).toMatchObject({
        msg: 'endpoint declares no roles; refusing',
        handler: 'forgotten',
        context: 'AuthGuard',
      });
    });

    it('writes an empty message for a structured message without msg', () => {
      const { logger, records } = setup();

      logger.log({ event: 'started' });

      expect(records()[0]).toMatchObject({ msg: '', event: 'started' });
    });

    it('logs an Error with its message and a serialised err including the stack', () => {
      const { logger, records } = setup();
      const error = new TypeError('cannot read x');

      logger.error(error, 'Bootstrap');

      const [record] = records();
      expect(record.msg).toBe('cannot read x');
      expect(record.context).toBe('Bootstrap');
      expect(record.err).toMatchObject({ type: 'TypeError', message: 'cannot read x' });
      expect((record.err as { stack: string }).stack).toContain('cannot read x');
    });

    it('serialises an Error passed after the message as err', () => {
      const { logger, records } = setup();

      logger.warn('retrying', new Error('timeout'), 'NatsClient');

      expect(records()[0]).toMatchObject({
        msg: 'retrying',
        context: 'NatsClient',
        err: expect.objectContaining({ message: 'timeout' }),
      });
    });

    it('turns a non-string message into text', () => {
      const { logger, records } = setup();

      logger.log(42);

      expect(records()[0].msg).toBe('42');
    });
  });

  describe('redaction', () => {
    it('keeps the bound parameters and detail of a database error, and credential headers, out of the line', () => {
      const { logger, lines, records } = setup();
      const error = Object.assign(new Error('duplicate key value violates unique constraint'), {
        query: 'INSERT INTO registrations (contact_email) VALUES ($1)',
        parameters: ['jan@example.nl'],
        detail: 'Key (contact_email)=(jan@example.nl) already exists.',
      });

      logger.error({ msg: 'request failed', err: error, request: { headers: { authorization: 'Bearer abc.def', 'x-api-key': 'dwk_secret' } } });
      logger.flush();

      expect(lines().join('\n')).not.toMatch(/jan@example\.nl|abc\.def|dwk_secret/);
      expect(records()[0]).toMatchObject({
        err: { message: 'duplicate key value violates unique constraint', parameters: '[redacted]', detail: '[redacted]' },
        request: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } },
      });
    });
  });

  describe('setLogLevels', () => {
    it('uses the most verbose level Nest asks for', () => {
      const { logger, records } = setup('info');

      logger.setLogLevels(['error', 'warn', 'debug']);
      logger.debug('now shown');
      logger.verbose('still hidden');

      expect(logger.pino.level).toBe('debug');
      expect(records().map((record) => record.msg)).toEqual(['now shown']);
    });

    it('can raise the threshold to errors only', () => {
      const { logger, records } = setup('info');

      logger.setLogLevels(['error', 'fatal']);
      logger.warn('hidden');
      logger.error('shown');

      expect(records().map((record) => record.msg)).toEqual(['shown']);
    });
  });

  describe('for a person at a terminal', () => {
    it('puts Nest\'s start-up chatter at debug, and keeps other info lines at info', () => {
      const { logger, records } = setup('info');
      logger.log('Mapped {/v1/activities, POST} route', 'RouterExplorer');
      logger.log('MessagingModule dependencies initialized', 'InstanceLoader');
      logger.log({ msg: 'listening', port: 3001 }, 'Bootstrap');
      logger.flush();
      expect(records().map((record) => record.msg)).toEqual(['listening']);

      const verbose = setup('debug');
      verbose.logger.log('Mapped {/v1/activities, POST} route', 'RouterExplorer');
      verbose.logger.flush();
      expect(verbose.records()).toEqual([expect.objectContaining({ level: 'debug', context: 'RouterExplorer' })]);
    });

    it('writes pretty lines: time, level, context, message, fields and correlation id, the stack below', () => {
      const output = collector();
      const logger = new JsonLogger({ service: 'activities', destination: output.destination, format: 'pretty' });
      Correlation.run('req-1', () => logger.warn({ msg: 'mail waits', attempt: 2, reason: 'connect ECONNREFUSED' }, 'Mailer'));
      logger.error(new Error('boom'));
      logger.flush();
      const text = output.chunks.join('').replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '');
      const [warn, error, stack] = text.split('\n');
      expect(warn).toMatch(/^\d\d:\d\d:\d\d WARN {2}\[Mailer\] mail waits attempt=2 reason="connect ECONNREFUSED" \(req-1\)$/);
      expect(error).toMatch(/^\d\d:\d\d:\d\d ERROR boom$/);
      expect(stack).toMatch(/^ {4}Error: boom$/);
      expect(text).not.toContain('"service"');
    });

    it('leaves a line that is not JSON as it is', () => {
      expect(prettyLine('plain text', false)).toBe('plain text\n');
    });

    it('chooses pretty on a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
      expect(defaultLogFormat({}, true)).toBe('pretty');
      expect(defaultLogFormat({}, false)).toBe('json');
      expect(defaultLogFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
      expect(defaultLogFormat({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    });
  });
});
