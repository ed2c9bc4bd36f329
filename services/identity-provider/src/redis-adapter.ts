import type { Redis } from 'ioredis';

/** Models whose entries belong to a grant (revoked together) or are consumed once. */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const CONSUMABLE = new Set(['AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string };

/**
 * oidc-provider's storage in Redis (its adapter interface, after the project's own Redis
 * example): sessions, grants, codes and refresh tokens outlive a restart of the provider, and
 * expire with Redis's TTLs. Keys are `deelwijs:<namespace>-oidc:<model>:<id>`, beside the
 * services' queues, so a test namespace's clean-up removes them.
 */
export class RedisAdapter {
  constructor(
    private readonly name: string,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const key = this.key(id);
    const multi = this.redis.multi();
    if (CONSUMABLE.has(this.name)) {
      multi.del(key);
      multi.hset(key, { payload: JSON.stringify(payload) });
    } else {
      multi.set(key, JSON.stringify(payload));
    }
    if (expiresIn) {
      multi.expire(key, expiresIn);
    }
    if (GRANTABLE.has(this.name) && payload.grantId) {
      const grantKey = this.grantKey(payload.grantId);
      multi.rpush(grantKey, key);
      const ttl = await this.redis.ttl(grantKey);
      if (expiresIn && expiresIn > ttl) {
        multi.expire(grantKey, expiresIn);
      }
    }
    for (const [field, value] of [
      ['userCode', payload.userCode],
      ['uid', payload.uid],
    ] as const) {
      if (value) {
        multi.set(`${this.prefix}${field}:${value}`, id);
        if (expiresIn) {
          multi.expire(`${this.prefix}${field}:${value}`, expiresIn);
        }
      }
    }
    await multi.exec();
  }

  async find(id: string | null | undefined): Promise<Payload | undefined> {
    if (!id) {
      return undefined;
    }
    if (CONSUMABLE.has(this.name)) {
      const data = await this.redis.hgetall(this.key(id));
      if (!data.payload) {
        return undefined;
      }
      const { payload, consumed } = data;
      return { ...(JSON.parse(payload) as Payload), ...(consumed ? { consumed: Number(consumed) } : {}) };
    }
    const data = await this.redis.get(this.key(id));
    return data ? (JSON.parse(data) as Payload) : undefined;
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    return this.find(await this.redis.get(`${this.prefix}uid:${uid}`));
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    return this.find(await this.redis.get(`${this.prefix}userCode:${userCode}`));
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const grantKey = this.grantKey(grantId);
    const keys = await this.redis.lrange(grantKey, 0, -1);
    await this.redis.del(...keys, grantKey);
  }

  async consume(id: string): Promise<void> {
    await this.redis.hset(this.key(id), 'consumed', Math.floor(Date.now() / 1_000));
  }

  private key(id: string): string {
    return `${this.prefix}${this.name}:${id}`;
  }

  private grantKey(grantId: string): string {
    return `${this.prefix}grant:${grantId}`;
  }
}
