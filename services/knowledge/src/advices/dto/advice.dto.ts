import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
} from 'class-validator';
import {
  CalendarDate,
  FreeText,
  OffsetDateTime,
} from '@deelwijs/platform';
import { PRESTATIE_CODE_PATTERN } from '@deelwijs/contracts';

export const OUTCOMES = ['adopted', 'partly-adopted', 'not-adopted'] as const;
export const ADVICE_STATUSES = ['issued', 'answered', 'follow-up'] as const;

export class IssueAdviceDto {
  @ApiProperty({ example: 'Advies over jongerenparticipatie in de provincie', maxLength: 300 })
  @FreeText(300, { minLength: 1 })
  title: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @FreeText(5000)
  summary?: string;

  @ApiProperty({ example: 'jongerenraad', description: 'Adviesorgaan (een organisatie, nooit een persoon) / advisory body' })
  @FreeText(100, { minLength: 1 })
  adviser: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  adviserOrganisationId?: string;

  @ApiProperty({ description: 'Gevraagd (true) of ongevraagd (false) / asked for or not' })
  @IsBoolean()
  solicited: boolean;

  @ApiPropertyOptional({ type: [String], example: ['7.2.3'] })
  @IsOptional()
  @Matches(PRESTATIE_CODE_PATTERN, { each: true, message: 'each prestatie code must look like 7.2.3' })
  @ArrayMaxSize(50)
  prestatieCodes?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The knowledge item holding the advice text' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiProperty({ example: '2026-04-15T10:00:00+02:00' })
  @OffsetDateTime()
  issuedAt: string;
}

export class AnswerAdviceDto {
  @ApiProperty({ enum: OUTCOMES, description: 'overgenomen / deels overgenomen / niet overgenomen' })
  @IsIn(OUTCOMES)
  outcome: (typeof OUTCOMES)[number];

  @ApiProperty({ description: 'Reactie van de provincie / the province’s response', maxLength: 10_000 })
  @FreeText(10_000, { minLength: 1 })
  response: string;

  @ApiProperty()
  @OffsetDateTime()
  answeredAt: string;
}

export class FollowUpDto {
  @ApiProperty({ description: 'Wat er met het advies gebeurt / what is done with the advice', maxLength: 5000 })
  @FreeText(5000, { minLength: 1 })
  description: string;

  @ApiPropertyOptional({ example: '2026-09-01' })
  @IsOptional()
  @CalendarDate()
  dueOn?: string;
}

export class AdviceQueryDto {
  @ApiPropertyOptional({ enum: ADVICE_STATUSES })
  @IsOptional()
  @IsIn(ADVICE_STATUSES)
  status?: string;

  @ApiPropertyOptional({ example: '7.2.3' })
  @IsOptional()
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatie must look like 7.2.3' })
  prestatie?: string;
}

export class AdviceView {
  @ApiProperty({ format: 'uuid' }) adviceId: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() adviser: string;
  @ApiPropertyOptional() adviserOrganisationId?: string;
  @ApiProperty() solicited: boolean;
  @ApiProperty({ type: [String] }) prestatieCodes: string[];
  @ApiPropertyOptional() itemId?: string;
  @ApiProperty({ enum: ADVICE_STATUSES }) status: string;
  @ApiProperty() issuedAt: string;
  @ApiPropertyOptional({ enum: OUTCOMES }) outcome?: string;
  @ApiPropertyOptional() response?: string;
  @ApiPropertyOptional() answeredAt?: string;
  @ApiProperty() followUps: { followUpId: string; description: string; dueOn?: string; recordedAt: string }[];
}
