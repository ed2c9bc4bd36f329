import { Module } from '@nestjs/common';
import { PERSONAL_DATA_HOLDER, PrivacyRequestsController } from '@deelwijs/platform';
import { PrivacyRepository } from './privacy.repository';
import { SubjectRequests } from './subject-requests.service';

/** The privacy officer's requests about one person (the platform's /v1/privacy endpoints). */
@Module({
  controllers: [PrivacyRequestsController],
  providers: [PrivacyRepository, SubjectRequests, { provide: PERSONAL_DATA_HOLDER, useExisting: SubjectRequests }],
})
export class PrivacyModule {}
