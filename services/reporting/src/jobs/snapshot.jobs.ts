import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HandlesJob, Jobs } from '@deelwijs/platform';
import { ReportingConfig } from '../config/reporting.config';
import { ProgrammeRepository } from '../programmes/programme.repository';
import type { ProgrammeDefinition } from '../programmes/programme.schema';
import { dateRange, localDate, parsePeriod, quarterOf, ZONE } from '../reports/periods';
import { ReportBuilder } from '../reports/report.builder';
import type { ProgrammeReport } from '../reports/report.model';
import { JOB_NAMES, QUEUES } from './queues';
import { SnapshotRepository } from './snapshot.repository';

export interface SnapshotJobData {
  programmeCode: string;
}

export interface RecomputeJobData {
  programmeCode: string;
  period: string;
}

/**
 * Aggregation snapshots: a job scheduler per programme (same id from every instance and every
 * boot, so one schedule) records the figures of the running quarter and of the whole programme
 * period each night; a recompute does the same for one period on demand, reporting its progress
 * per prestatie.
 */
@Injectable()
export class SnapshotJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(SnapshotJobs.name);

  constructor(
    private readonly jobs: Jobs,
    private readonly config: ReportingConfig,
    private readonly programmes: ProgrammeRepository,
    private readonly builder: ReportBuilder,
    private readonly snapshots: SnapshotRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { definition } of await this.programmes.list()) {
      await this.schedule(definition.code);
    }
  }

  schedulerId(programmeCode: string): string {
    return `snapshot:${programmeCode}`;
  }

  async schedule(programmeCode: string): Promise<void> {
    await this.jobs
      .queue(QUEUES.snapshots)
      .upsertJobScheduler(
        this.schedulerId(programmeCode),
        { pattern: this.config.SNAPSHOT_CRON, tz: ZONE },
        { name: JOB_NAMES.takeSnapshot, data: { programmeCode } satisfies SnapshotJobData },
      );
  }

  @HandlesJob(QUEUES.snapshots, JOB_NAMES.takeSnapshot)
  async takeSnapshot(data: SnapshotJobData): Promise<{ periods: string[] }> {
    const stored = await this.programmes.find(data.programmeCode);
    if (!stored) {
      // The programme is gone: its schedule goes too.
      await this.jobs.queue(QUEUES.snapshots).removeJobScheduler(this.schedulerId(data.programmeCode));
      return { periods: [] };
    }
    const now = new Date();
    const periods = currentPeriods(stored.definition, now);
    for (const period of periods) {
      await this.snapshots.save(await this.builder.build(stored.definition, parsePeriod(period)!, { now }), localDate(now), now);
    }
    this.logger.log({ msg: 'snapshot taken', programme: data.programmeCode, periods });
    return { periods };
  }

  async requestRecompute(programmeCode: string, period: string): Promise<string> {
    const id = await this.jobs.add(QUEUES.recompute, JOB_NAMES.recompute, { programmeCode, period } satisfies RecomputeJobData, { attempts: 3 });
    return id!;
  }

  @HandlesJob(QUEUES.recompute, JOB_NAMES.recompute)
  async recompute(data: RecomputeJobData, job: Job): Promise<{ status: string; prestaties: number }> {
    const stored = await this.programmes.find(data.programmeCode);
    if (!stored) {
      throw new Error(`programme ${data.programmeCode} does not exist`);
    }
    const period = parsePeriod(data.period)!;
    const now = new Date();
    const { prestaties } = stored.definition;
    const parts: ProgrammeReport[] = [];
    for (const [index, prestatie] of prestaties.entries()) {
      parts.push(await this.builder.build({ ...stored.definition, prestaties: [prestatie] }, period, { now }));
      await job.updateProgress(Math.round(((index + 1) / prestaties.length) * 100));
    }
    const report = this.builder.merge(parts);
    await this.snapshots.save(report, localDate(now), now);
    return { status: report.status, prestaties: prestaties.length };
  }
}

/** The running quarter and the whole programme period, both clamped to the programme's dates. */
export function currentPeriods(programme: ProgrammeDefinition, now: Date): string[] {
  const range = dateRange(programme.period);
  const moment = new Date(Math.min(Math.max(now.getTime(), range.start.getTime()), range.end.getTime() - 1));
  const quarter = quarterOf(moment);
  const year = quarter.slice(0, 4);
  const whole = programme.period.start.slice(0, 4) === programme.period.end.slice(0, 4) ? year : undefined;
  return whole ? [quarter, whole] : [quarter];
}
