import type { FastifyInstance } from 'fastify';
import { InvalidInputException, toProblem } from './problem-details.filter';

/**
 * How deeply a value nests, counted without recursion (a hostile body must not overflow the
 * stack here either); stops counting once past `max`.
 */
export function nestingDepth(value: unknown, max: number): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) {
      continue;
    }
    const level = depth + 1;
    deepest = Math.max(deepest, level);
    if (deepest > max) {
      return deepest;
    }
    for (const child of Object.values(current)) {
      pending.push([child, level]);
    }
  }
  return deepest;
}

/**
 * Refuses a parsed body nested deeper than `maxDepth` before any handler, validator or
 * transformer walks it: JSON.parse copes with 100,000 levels, class-transformer's recursion
 * does not, and no request of these APIs needs more than a handful.
 */
export function refuseDeeplyNestedBodies(fastify: FastifyInstance, maxDepth: number): void {
  fastify.addHook('preHandler', (request, reply, done) => {
    if (request.body === undefined || nestingDepth(request.body, maxDepth) <= maxDepth) {
      done();
      return;
    }
    const problem = toProblem(
      new InvalidInputException([
        { name: 'body', reason: `must not be nested deeper than ${maxDepth} levels` },
      ]),
      request.url,
    );
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(problem);
  });
}

/**
 * Refuses a JSON body that is not an object (null, an array, a number, a string, a boolean)
 * before any handler: no endpoint takes one, and a handler that reads its body as untyped
 * (a bulk upload, a programme) would otherwise meet it. Text bodies (YAML) are not JSON here.
 */
export function refuseNonObjectJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, reply, done) => {
    const contentType = String(request.headers['content-type'] ?? '');
    const body = request.body;
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body) && !Buffer.isBuffer(body);
    if (!/^application\/([\w.+-]*\+)?json\b/i.test(contentType) || body === undefined || isObject) {
      done();
      return;
    }
    const problem = toProblem(new InvalidInputException([{ name: 'body', reason: 'body must be a JSON object' }]), request.url);
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  });
}
