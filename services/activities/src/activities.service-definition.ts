import multipart from '@fastify/multipart';
import { MailModule, type ServiceDefinition } from '@deelwijs/platform';
import { ActivitiesModule } from './activities/activities.module';
import { CalendarModule } from './calendar/calendar.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ActivitiesConfigModule } from './config/activities-config.module';
import { ActivitiesConfig } from './config/activities.config';
import { ExportsModule } from './exports/exports.module';
import { Activities1763800001000 } from './migrations/1763800001000-activities';
import { ActivitiesDomain1763900000000 } from './migrations/1763900000000-activities-domain';
import { IdempotencyClaims1763900002000 } from './migrations/1763900002000-idempotency-claims';
import { RegistrationImports1764000000000 } from './migrations/1764000000000-registration-imports';
import { RecordingAfterTheFact1764000001000 } from './migrations/1764000001000-recording-after-the-fact';
import { ProgrammeScope1764100000000 } from './migrations/1764100000000-programme-scope';
import { PrivacySubjects1764300000000 } from './migrations/1764300000000-privacy-subjects';
import { MailLedgerFailures1764400000000 } from './migrations/1764400000000-mail-ledger-failures';
import { RemindersAndPrivacy1763900001000 } from './migrations/1763900001000-reminders-and-privacy';
import { PrivacyModule } from './privacy/privacy.module';
import { ProgrammesModule } from '@deelwijs/programme-scope';
import { RegistrationImportsModule } from './registration-imports/registration-imports.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { RemindersModule } from './reminders/reminders.module';
import { SeriesModule } from './series/series.module';

export const activitiesService: ServiceDefinition<ActivitiesConfig> = {
  name: 'activities',
  title: 'Deelwijs activities API',
  description:
    'Activities (workshops, democracy games, guest lessons, ...) with their registrations. / Activiteiten en aanmeldingen.',
  configClass: ActivitiesConfig,
  defaults: {
    PORT: '3001',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/deelwijs_activities',
    // A bulk request of 10,000 registrations is about 2.5 MB of JSON.
    HTTP_BODY_LIMIT_BYTES: String(8 * 1024 * 1024),
  },
  // Repositories write plain SQL: no TypeORM entities (README, Architecture).
  entities: [],
  migrations: [
    Activities1763800001000,
    ActivitiesDomain1763900000000,
    RemindersAndPrivacy1763900001000,
    IdempotencyClaims1763900002000,
    RegistrationImports1764000000000,
    RecordingAfterTheFact1764000001000,
    ProgrammeScope1764100000000,
    PrivacySubjects1764300000000,
    MailLedgerFailures1764400000000,
  ],
  modules: (config) => [
    MailModule.forRoot(config),
    ActivitiesConfigModule.forRoot(config),
    CatalogueModule,
    ProgrammesModule,
    ActivitiesModule,
    SeriesModule,
    RegistrationsModule,
    RegistrationImportsModule,
    PrivacyModule,
    RemindersModule,
    CalendarModule,
    ExportsModule,
  ],
  // Registration imports are multipart uploads; the controller reads the parts (no temporary files).
  configure: async (app, config) => {
    await app.register(multipart as never, {
      limits: {
        fileSize: config.REGISTRATION_IMPORT_MAX_BYTES,
        files: 1,
        fields: 5,
        fieldSize: 64 * 1024,
        parts: 8,
      },
    });
  },
};
