import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '@deelwijs/identity';
import { NatsClient } from '@deelwijs/messaging';
import { RateLimitExempt } from '../http/rate-limit';
import { RedisConnection } from './redis.provider';

type CheckState = 'up' | 'down';

export interface HealthReport {
  status: CheckState;
  checks: { database: CheckState; nats: CheckState; redis: CheckState };
}

const CHECK_TIMEOUT_MS = 1_000;

@ApiTags('health')
@RateLimitExempt()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsClient,
    private readonly redis: RedisConnection,
  ) {}

  /** Readiness: the service can do its work only while its database, NATS and Redis answer. */
  @Public()
  @Get()
  @ApiOkResponse({ description: 'Ready: database, NATS and Redis answer' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the body says which dependency is down' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const [database, nats, redis] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(async () => {
        if (!this.nats.isConnected()) {
          throw new Error('disconnected');
        }
        await this.nats.nc.flush();
      }),
      check(() => this.redis.client.ping()),
    ]);
    const report: HealthReport = {
      status: database === 'up' && nats === 'up' && redis === 'up' ? 'up' : 'down',
      checks: { database, nats, redis },
    };
    void reply.status(report.status === 'up' ? 200 : 503);
    return report;
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'Same as GET /health' })
  readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    return this.ready(reply);
  }

  /** Liveness: the process answers; restarting it would not help a dependency that is down. */
  @Public()
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is alive' })
  live(): { status: CheckState } {
    return { status: 'up' };
  }
}

async function check(probe: () => Promise<unknown>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
