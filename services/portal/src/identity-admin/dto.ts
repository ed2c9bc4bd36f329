import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ description: 'What the key is for, e.g. "CRM ProDemos"', maxLength: 200 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  label: string;

  @ApiPropertyOptional({ description: 'Admins only: the organisation the key is for (a partner always gets one for its own)' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class ApiKeyListQuery {
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}
