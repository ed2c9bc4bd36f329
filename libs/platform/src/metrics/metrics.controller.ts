import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@deelwijs/identity';
import { RateLimitExempt } from '../http/rate-limit';
import { MetricsSource } from './service-metrics';

/**
 * Prometheus's scrape target. Public like /health: it holds counts and durations, no ids and
 * no personal data; keep it off the Ingress (infra/README.md) as the probes are.
 */
@ApiExcludeController()
@RateLimitExempt()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsSource) {}

  @Public()
  @Get()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.text();
    void reply.header('content-type', contentType);
    return body;
  }
}
