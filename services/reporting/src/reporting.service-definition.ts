import type { ServiceDefinition } from '@deelwijs/platform';
import { ReportingConfig } from './config/reporting.config';
import { ActivityTypeCounts1763800002000 } from './migrations/1763800002000-activity-type-counts';
import { ProgressReporting1764000000000 } from './migrations/1764000000000-progress-reporting';
import { PersonalDataAudit1764300000000 } from './migrations/1764300000000-personal-data-audit';
import { ProgrammeScope1764900000000 } from './migrations/1764900000000-programme-scope';
import { PolicyMonitor1765000000000 } from './migrations/1765000000000-policy-monitor';
import { ActivityDayFigures1765100000000 } from './migrations/1765100000000-activity-day-figures';
import { ReportDataVersion1765210000000 } from './migrations/1765210000000-report-data-version';
import { ReportingModule } from './reporting.module';

export const reportingService: ServiceDefinition<ReportingConfig> = {
  name: 'reporting',
  title: 'Deelwijs progress reporting API',
  description:
    'Progress per prestatie: targets, actuals, budget, deviations, the report workflow and reports in the province\'s own form. / Voortgang per prestatie.',
  configClass: ReportingConfig,
  defaults: { PORT: '3003', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/deelwijs_reporting' },
  entities: [],
  migrations: [ActivityTypeCounts1763800002000, ProgressReporting1764000000000, PersonalDataAudit1764300000000, ProgrammeScope1764900000000, PolicyMonitor1765000000000, ActivityDayFigures1765100000000, ReportDataVersion1765210000000],
  modules: (config) => [ReportingModule.forRoot(config)],
};
