import { Injectable, Logger, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import { parsePeriod, periodsOf, PROGRAMME_TIME_ZONE } from '@deelwijs/contracts';
import { Jobs } from '@deelwijs/platform';
import { ReportingConfig } from '../config/reporting.config';
import { JOB_NAMES, QUEUES } from '../jobs/queues';
import { ProgrammeRepository } from '../programmes/programme.repository';
import type { ProgrammeDefinition } from '../programmes/programme.schema';
import { dateRange, localDate } from '../reports/periods';
import { ReportBuilder } from '../reports/report.builder';
import type { ProgrammeReport } from '../reports/report.model';
import { ReportsService } from '../reports/reports.service';
import { SnapshotRepository, type SnapshotView } from './snapshot.repository';

export interface SnapshotJobData {
  programmeCode: string;
}

export interface RecomputeJobData {
  programmeCode: string;
  period: string;
}

export interface RecomputationStatus {
  id: string;
  state: string;
  progress: number;
  result?: unknown;
  failedReason?: string;
  attempts: number;
}

/**
 * Aggregation snapshots: a job scheduler per programme (same id from every instance and every
 * boot, so one schedule) records the figures of the running quarter and of the whole programme
 * period each night; a recompute does the same for one period on demand, reporting its progress
 * per prestatie.
 */
@Injectable()
export class SnapshotsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SnapshotsService.name);

  constructor(
    private readonly jobs: Jobs,
    private readonly config: ReportingConfig,
    private readonly programmes: ProgrammeRepository,
    private readonly reports: ReportsService,
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
        { pattern: this.config.SNAPSHOT_CRON, tz: PROGRAMME_TIME_ZONE },
        { name: JOB_NAMES.takeSnapshot, data: { programmeCode } satisfies SnapshotJobData },
      );
  }

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

  /** Queues the recomputation of a period of the programme (which must exist and hold the period). */
  async requestRecompute(programmeCode: string, period: string): Promise<RecomputationStatus> {
    this.reports.period(await this.reports.programme(programmeCode), period);
    const id = await this.jobs.add(QUEUES.recompute, JOB_NAMES.recompute, { programmeCode, period } satisfies RecomputeJobData, { attempts: 3 });
    return this.recomputation(id!);
  }

  async recomputation(id: string): Promise<RecomputationStatus> {
    const queue = this.jobs.queue(QUEUES.recompute);
    // The state first, then the job: a job that finished between reading it and its state would
    // show "completed" without its result. Read this way round, a "completed" state always comes
    // with the result (BullMQ stores both in one step); a job finishing in between shows its
    // earlier state, and the caller asks again.
    const state = await queue.getJobState(id);
    const job = await queue.getJob(id);
    if (!job || state === 'unknown') {
      throw new NotFoundException(`Recomputation ${id} does not exist (or has been cleaned up).`);
    }
    return {
      id,
      state,
      progress: typeof job.progress === 'number' ? job.progress : 0,
      result: job.returnvalue ?? undefined,
      failedReason: job.failedReason || undefined,
      attempts: job.attemptsMade,
    };
  }

  async recompute(data: RecomputeJobData, progress: (percent: number) => Promise<void>): Promise<{ status: string; prestaties: number }> {
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
      await progress(Math.round(((index + 1) / prestaties.length) * 100));
    }
    const report = this.builder.merge(parts);
    await this.snapshots.save(report, localDate(now), now);
    return { status: report.status, prestaties: prestaties.length };
  }

  /** Snapshots of an existing programme, newest first. */
  async list(programmeCode: string, period?: string): Promise<SnapshotView[]> {
    await this.reports.programme(programmeCode);
    return this.snapshots.list(programmeCode, period);
  }
}

/** The running quarter and the whole programme period, both clamped to the programme's dates. */
export function currentPeriods(programme: ProgrammeDefinition, now: Date): string[] {
  const range = dateRange(programme.period);
  const moment = new Date(Math.min(Math.max(now.getTime(), range.start.getTime()), range.end.getTime() - 1));
  const { quarter, year } = periodsOf(moment);
  const whole = programme.period.start.slice(0, 4) === programme.period.end.slice(0, 4) ? year : undefined;
  return whole ? [quarter, whole] : [quarter];
}
