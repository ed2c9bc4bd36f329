import { Module } from '@nestjs/common';
import { PERSONAL_DATA_HOLDER, PrivacyRequestsController } from '@deelwijs/platform';
import { CancelTokensModule } from '../cancel-tokens/cancel-tokens.module';
import { PersonalDataAudit } from './personal-data-audit.service';
import { PrivacyController } from './privacy.controller';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';
import { RetentionJobs } from './retention.jobs';
import { SubjectRequests } from './subject-requests.service';

/**
 * Erasure, retention and the audit log of every read of personal data; the privacy officer's
 * requests about one person (the platform's /v1/privacy endpoints, answered by SubjectRequests).
 */
@Module({
  imports: [CancelTokensModule],
  controllers: [PrivacyController, PrivacyRequestsController],
  providers: [
    PersonalDataAudit,
    PrivacyService,
    PrivacyRepository,
    RetentionJobs,
    SubjectRequests,
    { provide: PERSONAL_DATA_HOLDER, useExisting: SubjectRequests },
  ],
  exports: [PersonalDataAudit],
})
export class PrivacyModule {}
