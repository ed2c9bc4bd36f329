import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@deelwijs/identity';
import { RateLimitExempt } from '../http/rate-limit';
import { Mailer } from '../mail/mailer';

type CheckState = 'up' | 'down';

export interface HealthReport {
  status: CheckState;
  /**
   * One entry per dependency: database, nats and redis for a service; nats and redis for the
   * portal; and `mail` for a service that sends mail. Mail is reported but does not decide
   * readiness: mails wait while the SMTP server is away, and taking every instance out of
   * service would turn a mail outage into an outage of the whole API.
   */
  checks: Record<string, CheckState>;
}

/** What a process needs to do its work, by name; each probe rejects when the dependency does not answer. */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
export type HealthChecks = Record<string, () => Promise<unknown>>;

const CHECK_TIMEOUT_MS = 1_000;

@ApiTags('health')
@RateLimitExempt()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthChecks,
    @Optional() private readonly mailer?: Mailer,
  ) {}

  /** Readiness: the process can do its work only while every dependency answers. */
  @Public()
  @Get()
  @ApiOkResponse({ description: 'Ready: every dependency (database, NATS, Redis) answers; `mail` is reported, not required' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the body says which dependency is down' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const names = Object.keys(this.checks);
    const states = await Promise.all(names.map((name) => check(this.checks[name])));
    const report: HealthReport = {
      status: states.every((state) => state === 'up') ? 'up' : 'down',
      checks: Object.fromEntries(names.map((name, index) => [name, states[index]])),
    };
    if (this.mailer) {
      report.checks.mail = this.mailer.available ? 'up' : 'down';
    }
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
