import {
  BadRequestException,
  UnprocessableEntityException,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { throwError } from 'rxjs';

export interface InvalidParam {
  name: string;
  reason: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  invalidParams?: InvalidParam[];
}

/** A 400 whose body names each invalid field (NLGov API design rules: problem details). */
export class InvalidInputException extends BadRequestException {
  constructor(readonly invalidParams: InvalidParam[]) {
    super(invalidParams.map((param) => `${param.name}: ${param.reason}`).join('; '));
  }
}

/**
 * A 422 whose body names each field, like InvalidInputException: the input is well formed, but
 * a rule about it fails (an unknown programme, a move into the past without a reason).
 */
export class UnprocessableInputException extends UnprocessableEntityException {
  constructor(readonly invalidParams: InvalidParam[]) {
    super(invalidParams.map((param) => `${param.name}: ${param.reason}`).join('; '));
  }
}

const TITLES: Record<number, string> = {
  400: 'Ongeldige invoer / Invalid input',
  401: 'Niet aangemeld / Not authenticated',
  403: 'Geen toegang / Forbidden',
  404: 'Niet gevonden / Not found',
  409: 'Conflict',
  413: 'Verzoek te groot / Request too large',
  415: 'Mediatype niet ondersteund / Unsupported media type',
  422: 'Niet verwerkbaar / Unprocessable',
  429: 'Te veel verzoeken / Too many requests',
  500: 'Interne fout / Internal error',
  503: 'Niet beschikbaar / Unavailable',
};

/**
 * Every HTTP error leaves as application/problem+json (RFC 9457). Errors in event handlers
 * are passed on untouched: the event transport decides what happens to them.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') {
      return throwError(() => exception);
    }
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = toProblem(exception, request.url);
    if (problem.status >= 500) {
      // The path only: a query string may carry a token (the cancellation link) or a search for a name.
      this.logger.error({ msg: 'request failed', method: request.method, url: request.url.split('?')[0], err: exception });
    }
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }
}

export function toProblem(exception: unknown, instance?: string): ProblemDetails {
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : isFastifyClientError(exception)
        ? exception.statusCode
        : HttpStatus.INTERNAL_SERVER_ERROR;
  const problem: ProblemDetails = {
    type: `https://deelwijs.nl/problems/${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    instance,
  };
  if (exception instanceof InvalidInputException || exception instanceof UnprocessableInputException) {
    problem.invalidParams = exception.invalidParams;
    problem.detail = exception.message;
  } else if (exception instanceof HttpException) {
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    problem.detail = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
    if (typeof body === 'object' && body !== null) {
      // A problem type of its own (the portal's session-expired), else the status's.
      const ownType = (body as { type?: unknown }).type;
      if (typeof ownType === 'string' && /^https:\/\/deelwijs\.nl\/problems\/[a-z0-9-]+$/.test(ownType)) {
        problem.type = ownType;
      }
      // Extension members (RFC 9457 section 3.2), such as the per-item answers of a refused bulk request.
      const reserved = new Set(['message', 'statusCode', 'error', 'type', 'title', 'status', 'detail', 'instance']);
      for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
        if (!reserved.has(key)) {
          (problem as unknown as Record<string, unknown>)[key] = value;
        }
      }
    }
  } else if (isFastifyClientError(exception)) {
    // Fastify's own errors (body too large, bad JSON, bad content type) carry a useful message.
    problem.detail = exception.message;
  }
  return problem;
}

/** Fastify's own errors (FST_*) for a bad request: body too large, bad JSON, bad content type. */
function isFastifyClientError(exception: unknown): exception is Error & { statusCode: number } {
  const candidate = exception as { statusCode?: unknown; code?: unknown };
  return (
    exception instanceof Error &&
    typeof candidate.code === 'string' &&
    candidate.code.startsWith('FST_') &&
    Number.isInteger(candidate.statusCode) &&
    (candidate.statusCode as number) >= 400 &&
    (candidate.statusCode as number) < 500
  );
}
