import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** `subject`: a privacy officer's request about one person, whose id is the hash of their e-mail address. */
export const AUDITED_ENTITY_TYPES = ['knowledge-item', 'knowledge-kind', 'advice', 'evaluation-form', 'network', 'subject'] as const;

export class AuditQueryDto {
  @ApiPropertyOptional({ enum: AUDITED_ENTITY_TYPES })
  @IsOptional()
  @IsIn(AUDITED_ENTITY_TYPES)
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

export class AuditEntryView {
  @ApiProperty() auditId: number;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ description: 'kind:id of who changed it, never a name' }) actor: string;
  @ApiPropertyOptional({ format: 'uuid' }) organisationId?: string;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty() details: object;
  @ApiPropertyOptional() correlationId?: string;
}
