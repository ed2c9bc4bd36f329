import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
} from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { lastValueFrom, type Observable } from 'rxjs';
import {
  InvalidInputException,
  ProblemDetailsFilter,
  toProblem,
  UnprocessableInputException,
} from './problem-details.filter';

/** What Fastify throws for its own refusals (@fastify/error): an Error with a code and a statusCode. */
function fastifyError(message: string, statusCode: number, code: string): Error {
  return Object.assign(new Error(message), { code, statusCode });
}

describe('toProblem', () => {
  describe('HttpException', () => {
    it('takes the status and a bilingual title from the status, and the message as detail', () => {
      const problem = toProblem(new NotFoundException('Activity 123 does not exist'), '/v1/activities/123');

      expect(problem).toEqual({
        type: 'https://deelwijs.nl/problems/404',
        title: 'Niet gevonden / Not found',
        status: 404,
        detail: 'Activity 123 does not exist',
        instance: '/v1/activities/123',
      });
    });

    it('uses a default message when the exception was thrown without one', () => {
      const problem = toProblem(new ForbiddenException());

      expect(problem.status).toBe(403);
      expect(problem.title).toBe('Geen toegang / Forbidden');
      expect(problem.detail).toBe('Forbidden');
      expect(problem.instance).toBeUndefined();
    });

    it('joins a list of messages into one detail', () => {
      const problem = toProblem(
        new BadRequestException(['title must be a string', 'startsAt must be a date']),
      );

      expect(problem.status).toBe(400);
      expect(problem.detail).toBe('title must be a string; startsAt must be a date');
    });

    it('takes a plain string response as the detail', () => {
      expect(toProblem(new HttpException('slow down', HttpStatus.TOO_MANY_REQUESTS)).detail).toBe(
        'slow down',
      );
    });

    it('falls back to a generic title for a status without its own title', () => {
      const problem = toProblem(new HttpException('teapot', 418));

      expect(problem.status).toBe(418);
      expect(problem.title).toBe('Error');
      expect(problem.type).toBe('https://deelwijs.nl/problems/418');
    });

    it('keeps the detail of a deliberate 5xx HttpException (the code chose to say it)', () => {
      const problem = toProblem(new HttpException('NATS is unavailable', HttpStatus.SERVICE_UNAVAILABLE));

      expect(problem.status).toBe(503);
      expect(problem.title).toBe('Niet beschikbaar / Unavailable');
      expect(problem.detail).toBe('NATS is unavailable');
    });
  });

  describe('InvalidInputException', () => {
    it('is a 400 listing each invalid field as invalidParams', () => {
      const params = [
        { name: 'title', reason: 'title should not be empty' },
        { name: 'location.postcode', reason: 'postcode must match /^[0-9]{4}[A-Z]{2}$/' },
      ];

      const problem = toProblem(new InvalidInputException(params), '/v1/activities');

      expect(problem.status).toBe(400);
      expect(problem.title).toBe('Ongeldige invoer / Invalid input');
      expect(problem.invalidParams).toEqual(params);
      expect(problem.detail).toContain('title: title should not be empty');
      expect(problem.detail).toContain('location.postcode: ');
      expect(problem.instance).toBe('/v1/activities');
    });

    it('is the only kind of problem with invalidParams, besides its 422 twin', () => {
      expect(toProblem(new BadRequestException('bad')).invalidParams).toBeUndefined();
    });
  });

  describe('UnprocessableInputException', () => {
    it('is a 422 naming the field that breaks a rule', () => {
      const params = [{ name: 'programmeCode', reason: 'programme overijssel-2031 is not known' }];

      const problem = toProblem(new UnprocessableInputException(params), '/v1/activities');

      expect(problem.status).toBe(422);
      expect(problem.title).toBe('Niet verwerkbaar / Unprocessable');
      expect(problem.invalidParams).toEqual(params);
      expect(problem.detail).toBe('programmeCode: programme overijssel-2031 is not known');
    });
  });

  describe('errors that are not HttpExceptions', () => {
    it('turns an unknown Error into a 500 without leaking its message', () => {
      const secret = 'password authentication failed for user "deelwijs" at 10.0.0.5';

      const problem = toProblem(new Error(secret), '/v1/activities');

      expect(problem.status).toBe(500);
      expect(problem.title).toBe('Interne fout / Internal error');
      expect(problem.detail).toBeUndefined();
      expect(JSON.stringify(problem)).not.toContain('password');
    });

    it.each([
      ['a string', 'boom'],
      ['null', null],
      ['undefined', undefined],
      ['a number', 42],
    ])('turns a thrown %s into a 500', (_kind, thrown) => {
      const problem = toProblem(thrown);

      expect(problem.status).toBe(500);
      expect(problem.detail).toBeUndefined();
    });

    it("keeps the status and message of Fastify's body-too-large error", () => {
      const problem = toProblem(fastifyError('Request body is too large', 413, 'FST_ERR_CTP_BODY_TOO_LARGE'));

      expect(problem.status).toBe(413);
      expect(problem.title).toBe('Verzoek te groot / Request too large');
      expect(problem.detail).toBe('Request body is too large');
    });

    it("keeps the status and message of Fastify's unsupported media type error", () => {
      const problem = toProblem(
        fastifyError('Unsupported Media Type: text/csv', 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE'),
      );

      expect(problem.status).toBe(415);
      expect(problem.detail).toBe('Unsupported Media Type: text/csv');
    });

    it('does not trust the statusCode or leak the message of an error that is not Fastify\'s own', () => {
      const upstream = toProblem(fastifyError('internal detail: socket hang up', 502, 'SOME_CODE'));
      const library = toProblem(fastifyError('row 17 not found in table secrets', 404, 'ENOTFOUND'));

      for (const problem of [upstream, library]) {
        expect(problem.status).toBe(500);
        expect(problem.detail).toBeUndefined();
      }
    });

    it('ignores a statusCode that is not a number', () => {
      expect(toProblem(Object.assign(new Error('x'), { statusCode: '413' })).status).toBe(500);
    });
  });
});

describe('ProblemDetailsFilter', () => {
  function fakeReply() {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const reply = {
      status(code: number) {
        sent.status = code;
        return reply;
      },
      header(name: string, value: string) {
        sent.headers[name] = value;
        return reply;
      },
      send(body: unknown) {
        sent.body = body;
        return reply;
      },
    };
    return { reply, sent };
  }

  it('answers an HTTP error as application/problem+json with the problem for the request URL', () => {
    const { reply, sent } = fakeReply();
    const host = new ExecutionContextHost([{ url: '/v1/things/9', method: 'GET' }, reply]);

    new ProblemDetailsFilter().catch(new NotFoundException('no thing 9'), host);

    expect(sent.status).toBe(404);
    expect(sent.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(sent.body).toEqual(toProblem(new NotFoundException('no thing 9'), '/v1/things/9'));
  });

  it('passes errors outside HTTP (event handlers) on untouched', async () => {
    const host = new ExecutionContextHost([{}, {}]);
    host.setType('rpc');
    const error = new Error('handler failed');

    const result = new ProblemDetailsFilter().catch(error, host) as Observable<never>;

    await expect(lastValueFrom(result)).rejects.toBe(error);
  });
});
