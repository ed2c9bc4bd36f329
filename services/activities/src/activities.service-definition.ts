import { MailModule, type ServiceDefinition } from '@deelwijs/platform';
import { ActivitiesModule } from './activities/activities.module';
import { Activity } from './activities/activity.entity';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ActivitiesConfigModule } from './config/activities-config.module';
import { ActivitiesConfig } from './config/activities.config';
import { Activities1763800001000 } from './migrations/1763800001000-activities';
import { ActivitiesDomain1763900000000 } from './migrations/1763900000000-activities-domain';
import { Registration } from './registrations/registration.entity';
import { RegistrationsModule } from './registrations/registrations.module';
import { SeriesModule } from './series/series.module';

export const activitiesService: ServiceDefinition<ActivitiesConfig> = {
  name: 'activities',
  title: 'Deelwijs activities API',
  description:
    'Activities (workshops, democracy games, guest lessons, ...) with their registrations. / Activiteiten en aanmeldingen.',
  configClass: ActivitiesConfig,
  defaults: { PORT: '3001', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/deelwijs_activities' },
  entities: [Activity, Registration],
  migrations: [Activities1763800001000, ActivitiesDomain1763900000000],
  modules: (config) => [
    MailModule.forRoot(config),
    ActivitiesConfigModule.forRoot(config),
    CatalogueModule,
    ActivitiesModule,
    SeriesModule,
    RegistrationsModule,
  ],
};
