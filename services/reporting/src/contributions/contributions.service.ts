import { Injectable, NotFoundException } from '@nestjs/common';
import { IndicatorActualsRepository } from '../indicators/indicator-actuals.repository';
import { isActivityMeasure, type ProgrammeDefinition } from '../programmes/programme.schema';
import { ReportsService, type ReportPeriod } from '../reports/reports.service';
import { ContributionsRepository, type ContributionRow } from './contributions.repository';
import type { ActionContributionsView, ContributionView, IndicatorContributionsView } from './dto/contributions.dto';

/** Where each kind of work is read in full: the owning service's API. */
const LINKS: Record<ContributionRow['kind'], (id: string) => string> = {
  activity: (id) => `/v1/activities/${id}`,
  advice: (id) => `/v1/advices/${id}`,
  'knowledge-item': (id) => `/v1/knowledge-items/${id}`,
};

/**
 * The drill-down of a report: the work that makes up a figure, or what was done under an
 * action, as of the same date as the report of the period (live figures: a submitted report's
 * frozen figures may predate later corrections).
 */
@Injectable()
export class ContributionsService {
  constructor(
    private readonly reports: ReportsService,
    private readonly actuals: IndicatorActualsRepository,
    private readonly repository: ContributionsRepository,
  ) {}

  async indicator(code: string, periodId: string, prestatieCode: string, key: string, now = new Date()): Promise<IndicatorContributionsView> {
    const { programme, period, asOf } = await this.scope(code, periodId, now);
    const prestatie = this.prestatie(programme, prestatieCode);
    const index = prestatie.indicators.findIndex((found) => found.key === key);
    if (index < 0) {
      throw new NotFoundException(`Prestatie ${prestatieCode} has no indicator ${key}.`);
    }
    const indicator = prestatie.indicators[index];
    const spec = this.actuals.spec(index, prestatie.code, indicator, programme, asOf);
    const rows = await this.repository.snapshot((manager) =>
      isActivityMeasure(indicator.measure)
        ? this.repository.activities(manager, spec, indicator.measure as 'activities-held' | 'participants' | 'registrations' | 'cost')
        : this.repository.counted(manager, indicator.measure === 'advices-issued' ? 'advices' : 'knowledge_items', spec),
    );
    const items = rows.map(view);
    return {
      programmeCode: code,
      period: period.id,
      prestatieCode,
      indicator: key,
      measure: indicator.measure,
      total: items.reduce((sum, item) => sum + item.value, 0),
      count: items.length,
      items,
    };
  }

  async action(code: string, periodId: string, prestatieCode: string, actionNumber: number, now = new Date()): Promise<ActionContributionsView> {
    const { programme, period, asOf } = await this.scope(code, periodId, now);
    const prestatie = this.prestatie(programme, prestatieCode);
    if (!prestatie.actions.some((action) => action.number === actionNumber)) {
      throw new NotFoundException(`Prestatie ${prestatieCode} has no action ${actionNumber}.`);
    }
    const spec = this.actuals.actionSpec(programme, prestatie.code, actionNumber, asOf);
    const rows = await this.repository.snapshot(async (manager) => [
      ...(await this.repository.activities(manager, spec, 'activities-held')),
      ...(await this.repository.counted(manager, 'advices', spec, actionNumber)),
      ...(await this.repository.counted(manager, 'knowledge_items', spec, actionNumber)),
    ]);
    const items = rows.map(view);
    const activities = rows.filter((row) => row.kind === 'activity');
    return {
      programmeCode: code,
      period: period.id,
      prestatieCode,
      actionNumber,
      totals: {
        held: activities.length,
        participants: activities.reduce((sum, row) => sum + (row.participants ?? 0), 0),
        groups: activities.reduce((sum, row) => sum + (row.groups ?? 0), 0),
        advices: rows.filter((row) => row.kind === 'advice').length,
        knowledgeProducts: rows.filter((row) => row.kind === 'knowledge-item').length,
      },
      count: items.length,
      items,
    };
  }

  private async scope(code: string, periodId: string, now: Date): Promise<{ programme: ProgrammeDefinition; period: ReportPeriod; asOf: Date }> {
    const programme = await this.reports.programme(code);
    const period = this.reports.period(programme, periodId);
    return { programme, period, asOf: new Date(Math.min(period.end.getTime(), now.getTime())) };
  }

  private prestatie(programme: ProgrammeDefinition, code: string) {
    const prestatie = programme.prestaties.find((found) => found.code === code);
    if (!prestatie) {
      throw new NotFoundException(`Programme ${programme.code} has no prestatie ${code}.`);
    }
    return prestatie;
  }
}

function view(row: ContributionRow): ContributionView {
  return {
    kind: row.kind,
    id: row.id,
    title: row.title ?? undefined,
    date: row.date.toISOString(),
    value: row.value,
    ...(row.kind === 'activity' ? { type: row.type, participants: row.participants, groups: row.groups } : {}),
    link: LINKS[row.kind](row.id),
  };
}
