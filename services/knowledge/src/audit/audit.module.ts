import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLog } from './audit-log.service';

/** Global: every feature records its changes in the one audit log. */
@Global()
@Module({ controllers: [AuditController], providers: [AuditLogRepository, AuditLog], exports: [AuditLog] })
export class AuditModule {}
