import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { RegistrationImportJobs } from './registration-import.jobs';
import { RegistrationImportsController } from './registration-imports.controller';
import { RegistrationImportsRepository } from './registration-imports.repository';
import { RegistrationImportsService } from './registration-imports.service';

/** Spreadsheets of registrations, registered by a job through the registrations service. */
@Module({
  imports: [RegistrationsModule, PrivacyModule],
  controllers: [RegistrationImportsController],
  providers: [RegistrationImportsService, RegistrationImportsRepository, RegistrationImportJobs],
})
export class RegistrationImportsModule {}
