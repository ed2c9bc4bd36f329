import { Module } from '@nestjs/common';
import { CancelTokens } from '../registrations/cancel-token';
import { cancelTokensProvider } from './cancel-tokens.provider';
import { PersonalDataAudit } from './personal-data-audit';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';
import { RetentionJobs } from './retention.jobs';

/** Erasure, retention and the audit log of every read of personal data. */
@Module({
  controllers: [PrivacyController],
  providers: [PersonalDataAudit, PrivacyService, RetentionJobs, cancelTokensProvider],
  exports: [PersonalDataAudit, PrivacyService, CancelTokens],
})
export class PrivacyModule {}
