import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NetworkComputedV1, parsePeriod, periodsOf } from '@deelwijs/contracts';
import { OutboxWriter } from '@deelwijs/messaging';
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
    private readonly outbox: OutboxWriter,
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
    const computedAt = new Date();
    // The snapshot and its aggregate figures for reporting (9.1.6's report) in one transaction.
    await this.dataSource.transaction(async (tx) => {
      await this.network.saveSnapshot(tx, periodKey, computedAt, metrics);
      const organisations = metrics.nodes.filter((node) => node.kind === 'organisation');
      await this.outbox.append(tx, NetworkComputedV1, {
        period: periodKey,
        computedAt: computedAt.toISOString(),
        partners: organisations.length,
        projects: metrics.nodes.filter((node) => node.kind === 'activity').length,
        links: metrics.summary.edges,
        newLinks: await this.network.newLinksBetween(tx, period.from, period.to),
        communities: metrics.summary.communities,
        mostConnected: organisations
          .filter((node) => node.degree > 0)
          .sort((a, b) => b.degree - a.degree || a.id.localeCompare(b.id))
          .slice(0, 5)
          .map((node) => {
            const name = labels.get(node.id);
            return { organisationId: node.id.slice('organisation:'.length), ...(name ? { organisationName: name } : {}), degree: node.degree };
          }),
      });
    });
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
