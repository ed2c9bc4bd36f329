import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Type,
} from 'class-transformer';
import {
  IsIn,
  IsOptional,
} from 'class-validator';
import {
  IdentifierText, SafeInt,
} from '@deelwijs/platform';

/** `subject`: a privacy officer's request about one person, whose id is the hash of their e-mail address. */
export const AUDITED_ENTITY_TYPES = ['knowledge-item', 'knowledge-kind', 'advice', 'evaluation-form', 'network', 'subject'] as const;

export class AuditQueryDto {
  @ApiPropertyOptional({ enum: AUDITED_ENTITY_TYPES })
  @IsOptional()
  @IsIn(AUDITED_ENTITY_TYPES)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IdentifierText(200, { minLength: 1 })
  entityId?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @SafeInt(1, 1000)
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
