import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { Jobs } from '@deelwijs/platform';
import { AuditLog } from '../audit/audit-log.service';
import type { NetworkMetrics } from './network-metrics';
import { COMPUTE_PERIOD_JOB, NETWORK_QUEUE } from './network.jobs';
import { NetworkRepository, type NetworkSnapshot } from './network.repository';

/**
 * The policy monitor as people use it: they ask for a period's network to be (re)computed (a
 * job: it takes a while for a large network), then read or export the stored snapshot.
 */
@Injectable()
export class NetworkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly network: NetworkRepository,
    private readonly jobs: Jobs,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Asks for a period's network to be (re)computed. While one is waiting, asking again adds
   * nothing; while one runs, one more is kept to follow it, so events after its start count.
   */
  async requestComputation(principal: Principal, period: string): Promise<{ period: string; jobId: string | undefined; status: 'queued' }> {
    const jobId = await this.jobs.add(NETWORK_QUEUE, COMPUTE_PERIOD_JOB, { period }, { deduplication: { id: `network-${period}`, keepLastIfActive: true } });
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, { principal, action: 'network.computation-requested', entityType: 'network', entityId: period }),
    );
    return { period, jobId, status: 'queued' };
  }

  async snapshot(period: string): Promise<NetworkSnapshot> {
    return this.found(period, await this.network.snapshot(this.dataSource.manager, period));
  }

  /** The snapshot as JSON text, passed on without parsing (see NetworkRepository.snapshotJson). */
  async snapshotJson(period: string): Promise<string> {
    return this.found(period, await this.network.snapshotJson(this.dataSource.manager, period));
  }

  private found<T>(period: string, snapshot: T | undefined): T {
    if (snapshot === undefined) {
      throw new NotFoundException(
        `Het netwerk voor ${period} is nog niet berekend / the network for ${period} has not been computed yet; POST /v1/network/computations.`,
      );
    }
    return snapshot;
  }

  periods(): Promise<{ period: string; computedAt: string; summary: NetworkMetrics['summary'] }[]> {
    return this.network.periods(this.dataSource.manager);
  }
}
