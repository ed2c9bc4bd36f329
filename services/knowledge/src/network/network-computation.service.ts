import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { parsePeriod, periodsOf } from '@deelwijs/contracts';
import { computeInWorker } from './compute-in-worker';
import { NetworkRepository, type NetworkSnapshot } from './network.repository';

/**
 * The policy monitor's computation, which the jobs run: the links events established in a
 * period, with each node's degree, betweenness, closeness, clustering and community, stored as
 * the period's snapshot, so reading and exporting is instant and periods can be compared.
 */
@Injectable()
export class NetworkComputation {
  private readonly logger = new Logger(NetworkComputation.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly network: NetworkRepository,
  ) {}

  async compute(periodKey: string): Promise<NetworkSnapshot['summary'] & { period: string; millis: number }> {
    const period = parsePeriod(periodKey);
    if (!period) {
      throw new Error(`not a period: ${periodKey}`);
    }
    const started = Date.now();
    const manager = this.dataSource.manager;
    const links = await this.network.linksBetween(manager, period.from, period.to);
    const labels = await this.network.labels(manager, [...new Set(links.flatMap((link) => [link.source, link.target]))]);
    const metrics = await computeInWorker(links, labels);
    await this.network.saveSnapshot(manager, periodKey, new Date(), metrics);
    const millis = Date.now() - started;
    this.logger.log({ msg: 'network computed', period: periodKey, ...metrics.summary, millis });
    return { period: periodKey, ...metrics.summary, millis };
  }

  /** The year and quarter now running: what the nightly job keeps fresh. */
  currentPeriods(now = new Date()): string[] {
    const { year, quarter } = periodsOf(now);
    return [year, quarter];
  }
}
