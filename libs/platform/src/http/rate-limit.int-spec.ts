import IORedis from 'ioredis';
import { deleteNamespaceQueues, freePort, TEST_REDIS, uniqueName } from '@deelwijs/testing';
import type { Principal } from '@deelwijs/identity';
import { RateLimiter, type RateLimitOptions } from './rate-limit';

/** The limiter against the machine's real Redis, under a namespace of its own. */
describe('RateLimiter', () => {
  const namespace = uniqueName('ratelimit');
  const limiters: RateLimiter[] = [];
  const redis = new IORedis(TEST_REDIS);

  async function limiter(options: Partial<RateLimitOptions> = {}): Promise<RateLimiter> {
    const created = new RateLimiter({
      redisUrl: TEST_REDIS,
      prefix: 'deelwijs',
      namespace,
      service: 'activities',
      perMinute: 3,
      anonymousPerMinute: 2,
      ...options,
    });
    limiters.push(created);
    await created.onModuleInit();
    return created;
  }

  const key: Principal = { kind: 'api-key', id: 'key-1', organisationId: 'org-1', roles: ['partner'] };

  afterAll(async () => {
    await Promise.all(limiters.map((created) => created.onApplicationShutdown()));
    await deleteNamespaceQueues(namespace);
    redis.disconnect();
  });

  it('allows the limit per caller in a window, then refuses with the seconds until it ends', async () => {
    const [first, second] = [await limiter(), await limiter()];
    // Two limiters are two instances of the service: they share the count.
    const decisions = [
      await first.hit(key, '10.0.0.1'),
      await second.hit(key, '10.0.0.1'),
      await first.hit(key, '10.0.0.1'),
      await second.hit(key, '10.0.0.1'),
    ];

    expect(decisions.map((decision) => [decision?.allowed, decision?.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3]!.resetSeconds).toBeGreaterThanOrEqual(1);
    expect(decisions[3]!.resetSeconds).toBeLessThanOrEqual(60);
    // Another key and a staff subject of the same name have budgets of their own.
    expect((await first.hit({ ...key, id: 'key-2' }, '10.0.0.1'))?.remaining).toBe(2);
    expect((await first.hit({ ...key, kind: 'staff' }, '10.0.0.1'))?.remaining).toBe(2);

    const stored = await redis.keys(`deelwijs:${namespace}-activities-rate:*`);
    expect(stored.sort()).toEqual(
      [
        `deelwijs:${namespace}-activities-rate:api-key:key-1`,
        `deelwijs:${namespace}-activities-rate:api-key:key-2`,
        `deelwijs:${namespace}-activities-rate:staff:key-1`,
      ].sort(),
    );
    // Every counter expires: a caller who stops leaves nothing behind.
    for (const counter of stored) {
      const ttl = await redis.pttl(counter);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });

  it('limits callers without credentials by address, with their own limit, and not at all when set to 0', async () => {
    const anonymous = await limiter({ service: 'knowledge' });
    const decisions = await Promise.all([1, 2, 3].map(() => anonymous.hit(undefined, '10.0.0.9')));
    expect(decisions.filter((decision) => decision?.allowed)).toHaveLength(2);
    expect((await anonymous.hit(undefined, '10.0.0.10'))?.allowed).toBe(true);

    const off = await limiter({ service: 'reporting', perMinute: 0, anonymousPerMinute: 0 });
    expect(off.enabled).toBe(false);
    expect(await off.hit(key, '10.0.0.1')).toBeUndefined();
  });

  it('lets requests through when Redis does not answer, rather than failing them', async () => {
    const unreachable = await limiter({ redisUrl: `redis://127.0.0.1:${await freePort()}` });
    expect(await unreachable.hit(key, '10.0.0.1')).toBeUndefined();
  });
});
