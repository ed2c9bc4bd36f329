import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { PersonalData } from '@deelwijs/platform';
import { AuditLog } from './audit-log.service';
import { AuditEntryView, AuditQueryDto } from './dto/audit.dto';

@ApiTags('audit-log')
@ApiSecurity('bearer')
@PersonalData()
@Controller('v1/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Wie wijzigde wat / who changed what, newest first' })
  @ApiOkResponse({ type: [AuditEntryView] })
  list(@Query() query: AuditQueryDto): Promise<AuditEntryView[]> {
    return this.audit.list(query);
  }
}
