import { Module } from '@nestjs/common';
import { CancelTokensModule } from '../cancel-tokens/cancel-tokens.module';
import { PersonalDataAudit } from './personal-data-audit.service';
import { PrivacyController } from './privacy.controller';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';
import { RetentionJobs } from './retention.jobs';

/** Erasure, retention and the audit log of every read of personal data. */
@Module({
  imports: [CancelTokensModule],
  controllers: [PrivacyController],
  providers: [PersonalDataAudit, PrivacyService, PrivacyRepository, RetentionJobs],
  exports: [PersonalDataAudit],
})
export class PrivacyModule {}
