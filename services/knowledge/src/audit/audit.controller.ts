import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOperation, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '@deelwijs/identity';

const ENTITY_TYPES = ['knowledge-item', 'knowledge-kind', 'advice', 'evaluation-form', 'network'] as const;

class AuditQueryDto {
  @ApiPropertyOptional({ enum: ENTITY_TYPES })
  @IsOptional()
  @IsIn(ENTITY_TYPES)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  entityId?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}

@ApiTags('audit-log')
@ApiSecurity('bearer')
@Controller('v1/audit-log')
export class AuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Wie wijzigde wat / who changed what, newest first' })
  async list(@Query() query: AuditQueryDto) {
    const rows: { audit_id: string; occurred_at: Date; actor: string; organisation_id: string | null; action: string; entity_type: string; entity_id: string; details: object; correlation_id: string | null }[] =
      await this.dataSource.query(
        `SELECT * FROM audit_log WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
         ORDER BY audit_id DESC LIMIT $3`,
        [query.entityType ?? null, query.entityId ?? null, query.limit],
      );
    return rows.map((row) => ({
      auditId: Number(row.audit_id),
      occurredAt: row.occurred_at.toISOString(),
      actor: row.actor,
      organisationId: row.organisation_id ?? undefined,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      details: row.details,
      correlationId: row.correlation_id ?? undefined,
    }));
  }
}
