import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { EmailAddress, OffsetDateTime, SafeInt } from '../http/input/input.decorators';

export class SubjectRequestDto {
  @ApiProperty({ example: 'anna.devries@example.nl', description: 'The e-mail address of the person the request is about' })
  @EmailAddress()
  email: string;
}

export class PersonalDataAuditQueryDto {
  @ApiProperty({ example: '2026-01-01T00:00:00+01:00', description: 'From (inclusive), a date-time with offset' })
  @OffsetDateTime()
  from: string;

  @ApiProperty({ example: '2026-02-01T00:00:00+01:00', description: 'To (exclusive), a date-time with offset' })
  @OffsetDateTime()
  to: string;

  @ApiPropertyOptional({ description: 'Only what concerned this person' })
  @IsOptional()
  @EmailAddress()
  email?: string;

  @ApiPropertyOptional({ default: 1000, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @SafeInt(1, 10_000)
  limit = 1_000;
}

export class PersonalDataAuditEntryView {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['staff', 'api-key', 'registrant', 'system'] }) actorKind: string;
  @ApiProperty({ description: 'The staff subject, the key id, the registration or the job; never a name' }) actorId: string;
  @ApiPropertyOptional({ format: 'uuid' }) actorOrganisationId?: string;
  @ApiProperty({ example: 'list-registrations' }) action: string;
  @ApiProperty({ type: [String] }) recordIds: string[];
  @ApiProperty({ type: [String], description: 'SHA-256 of the e-mail address a request about one person concerned' }) subjectHashes: string[];
  @ApiPropertyOptional() correlationId?: string;
}

export class PersonalDataAuditView {
  @ApiProperty() service: string;
  @ApiProperty({ type: [PersonalDataAuditEntryView] }) items: PersonalDataAuditEntryView[];
}

export class SubjectAccessView {
  @ApiProperty() service: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'Everything this service holds about the address, per kind of record', type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
}

export class ErasureOutcomeView {
  @ApiProperty() service: string;
  @ApiProperty({ description: 'Records erased per kind; zeros when there was nothing (left) to erase', type: 'object', additionalProperties: { type: 'integer' } })
  erased: Record<string, number>;
}
