import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JOB_QUEUE_PREFIX, jobQueueName, RedisConnection, SERVICE_QUEUES, toProblem } from '@deelwijs/platform';
import type { PortalConfig } from '../config/portal.config';
import { SessionGate } from '../session/session-gate';

export const QUEUE_BOARD_PATH = '/admin/queues';
const ADMIN_ROLE = 'admin';

/**
 * What the queue dashboard's page may load: its own scripts, styles, fonts and images (all
 * served under its path), and calls to its own API. Its page sets a few inline styles; nothing
 * inline runs as script. Stricter than the web app's policy only where the board needs nothing.
 */
export const QUEUE_BOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** The BullMQ queues of every service, named as the services name them (libs/platform's queue definitions). */
export function serviceQueues(config: PortalConfig, redis: RedisConnection): Queue[] {
  return Object.entries(SERVICE_QUEUES).flatMap(([service, queues]) =>
    queues.map((queue) => new Queue(jobQueueName(config.EVENTS_NAMESPACE, service, queue), { connection: redis.client, prefix: JOB_QUEUE_PREFIX })),
  );
}

/**
 * Bull Board (the queues of all three services, with retry, clean and pause) at /admin/queues,
 * for administrators only. Bull Board registers plain Fastify routes that Nest's guards never
 * see, so it lives in its own encapsulated Fastify scope whose onRequest hook runs before each
 * of them: no session is a redirect to sign-in (a 401 for its API), another role a 403, and a
 * state-changing call must come from the portal's own page (SessionGate.admitFromOwnPage).
 */
export function registerQueueBoard(app: NestFastifyApplication, config: PortalConfig): void {
  const gate = app.get(SessionGate);
  const queues = serviceQueues(config, app.get(RedisConnection));
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Deelwijs' } },
  });
  void app
    .getHttpAdapter()
    .getInstance()
    .register(
      async (scope: FastifyInstance) => {
        scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
          void reply.header('content-security-policy', QUEUE_BOARD_CONTENT_SECURITY_POLICY).header('cache-control', 'no-store');
          const refusal = await refusalOf(gate, request);
          if (refusal) {
            return send(request, reply, refusal);
          }
        });
        // The queues share the portal's Redis connection, which closing them leaves open.
        scope.addHook('onClose', async () => {
          await Promise.all(queues.map((queue) => queue.close()));
        });
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_BOARD_PATH },
    );
}

async function refusalOf(gate: SessionGate, request: FastifyRequest): Promise<HttpException | undefined> {
  try {
    const active = await gate.admitFromOwnPage(request.method, request.headers);
    if (!SessionGate.principalOf(active).roles.includes(ADMIN_ROLE)) {
      return new HttpException({ message: 'Alleen voor beheerders / administrators only.' }, HttpStatus.FORBIDDEN);
    }
    return undefined;
  } catch (error) {
    if (error instanceof HttpException) {
      return error;
    }
    throw error;
  }
}

/** A page visit gets a page (sign-in, or a short 403 page); the board's own API calls get problem+json. */
function send(request: FastifyRequest, reply: FastifyReply, refusal: HttpException): FastifyReply {
  const wantsPage = request.method === 'GET' && String(request.headers.accept ?? '').includes('text/html');
  const status = refusal.getStatus();
  if (wantsPage && status === HttpStatus.UNAUTHORIZED) {
    return reply.redirect(`/auth/login?returnTo=${encodeURIComponent(request.url)}`, 302);
  }
  if (wantsPage) {
    return reply.status(status).header('content-type', 'text/html; charset=utf-8').send(forbiddenPage());
  }
  const problem = toProblem(refusal, request.url.split('?')[0]);
  return reply.status(status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

function forbiddenPage(): string {
  return `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Geen toegang – Deelwijs</title></head>
<body>
<main>
<h1>Geen toegang</h1>
<p>Het wachtrijenoverzicht is alleen voor beheerders. <a href="/">Naar de startpagina</a></p>
<p lang="en">Access denied: the queue dashboard is for administrators only. <a href="/">Go to the home page</a></p>
</main>
</body>
</html>
`;
}
