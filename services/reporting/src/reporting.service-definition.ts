import type { ServiceDefinition } from '@deelwijs/platform';
import { ReportingConfig } from './config/reporting.config';
import { ActivityTypeCounts1763800002000 } from './migrations/1763800002000-activity-type-counts';
import { ProjectionsModule } from './projections/projections.module';

export const reportingService: ServiceDefinition<ReportingConfig> = {
  name: 'reporting',
  title: 'Deelwijs progress reporting API',
  description: 'Progress per prestatie: targets, actuals, budget and deviations. / Voortgang per prestatie.',
  configClass: ReportingConfig,
  defaults: { PORT: '3003', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/deelwijs_reporting' },
  entities: [],
  migrations: [ActivityTypeCounts1763800002000],
  modules: () => [ProjectionsModule],
};
