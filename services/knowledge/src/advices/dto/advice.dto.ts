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
  NestedArray,
  OffsetDateTime,
  SafeInt,
} from '@deelwijs/platform';
import { PRESTATIE_CODE_PATTERN } from '@deelwijs/contracts';

export const OUTCOMES = ['adopted', 'partly-adopted', 'not-adopted'] as const;
export const ADVICE_STATUSES = ['issued', 'answered', 'follow-up'] as const;

export class AdviceActionDto {
  @ApiProperty({ example: '7.2.3' })
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatieCode must look like 7.2.3' })
  prestatieCode: string;

  @ApiProperty({ example: 4, description: 'Actienummer onder de prestatie / action number' })
  @SafeInt(1, 99)
  actionNumber: number;
}

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

  @ApiPropertyOptional({
    example: 'overijssel-2026',
    description: 'Programma; leave out for the default programme of the period of issuedAt',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'programmeCode must be a programme code such as overijssel-2026' })
  programmeCode?: string;

  @ApiPropertyOptional({ type: [String], example: ['7.2.3'] })
  @IsOptional()
  @Matches(PRESTATIE_CODE_PATTERN, { each: true, message: 'each prestatie code must look like 7.2.3' })
  @ArrayMaxSize(50)
  prestatieCodes?: string[];

  @ApiPropertyOptional({
    type: [AdviceActionDto],
    description: "The programme's numbered actions the advice was given under; their prestaties count as named too",
  })
  @IsOptional()
  @NestedArray(() => AdviceActionDto, { max: 50 })
  actions?: AdviceActionDto[];

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

  @ApiPropertyOptional({ example: 'overijssel-2026' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'programme must be a programme code such as overijssel-2026' })
  programme?: string;
}

export class AdviceView {
  @ApiProperty({ format: 'uuid' }) adviceId: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() adviser: string;
  @ApiPropertyOptional() adviserOrganisationId?: string;
  @ApiProperty() solicited: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: the default programme of its period' })
  programmeCode: string | null;
  @ApiProperty({ type: [String] }) prestatieCodes: string[];
  @ApiProperty({ type: [AdviceActionDto] }) actions: AdviceActionDto[];
  @ApiPropertyOptional() itemId?: string;
  @ApiProperty({ enum: ADVICE_STATUSES }) status: string;
  @ApiProperty() issuedAt: string;
  @ApiPropertyOptional({ enum: OUTCOMES }) outcome?: string;
  @ApiPropertyOptional() response?: string;
  @ApiPropertyOptional() answeredAt?: string;
  @ApiProperty() followUps: { followUpId: string; description: string; dueOn?: string; recordedAt: string }[];
}
