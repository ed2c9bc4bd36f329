import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { Role } from '@deelwijs/identity';

/** The roles an administrator may give an organisation's key: what a partner's system does, never administration. */
export const API_KEY_ROLES = ['partner', 'organiser', 'editor', 'reporter'] as const satisfies readonly Role[];

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

  @ApiPropertyOptional({
    description: 'Admins only: the roles the key carries (default `partner`)',
    type: [String],
    enum: API_KEY_ROLES,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(API_KEY_ROLES, { each: true })
  roles?: Array<(typeof API_KEY_ROLES)[number]>;
}

export class CreateOrganisationDto {
  @ApiProperty({ description: 'The organisation\'s name, e.g. "ProDemos"', maxLength: 200 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  name: string;
}

export class ApiKeyListQuery {
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}
