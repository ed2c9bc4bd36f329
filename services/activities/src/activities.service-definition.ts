import type { ServiceDefinition } from '@deelwijs/platform';
import { ActivitiesModule } from './activities/activities.module';
import { Activity } from './activities/activity.entity';
import { ActivitiesConfig } from './config/activities.config';
import { Activities1763800001000 } from './migrations/1763800001000-activities';

export const activitiesService: ServiceDefinition<ActivitiesConfig> = {
  name: 'activities',
  title: 'Deelwijs activities API',
  description: 'Activities (workshops, democracy games, guest lessons, ...) with their registrations. / Activiteiten en aanmeldingen.',
  configClass: ActivitiesConfig,
  defaults: { PORT: '3001', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/deelwijs_activities' },
  entities: [Activity],
  migrations: [Activities1763800001000],
  modules: () => [ActivitiesModule],
};
