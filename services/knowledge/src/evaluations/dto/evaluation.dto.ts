import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
} from 'class-validator';
import {
  FreeText,
  NestedArray,
  NestedObject,
  SafeInt,
} from '@deelwijs/platform';
import { PERIOD_PATTERN } from '@deelwijs/contracts';

export class LabelDto {
  @ApiProperty({ example: 'Hoe leerzaam was het democratiespel?' })
  @FreeText(300, { minLength: 1 })
  nl: string;

  @ApiPropertyOptional({ example: 'How much did you learn from the democracy game?' })
  @IsOptional()
  @FreeText(300)
  en?: string;
}

export class QuestionDto {
  @ApiProperty({ example: 'learned', description: 'Stable id; aggregates are keyed by it' })
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { message: 'questionId must be a lower-case slug' })
  questionId: string;

  @ApiProperty({ enum: ['rating', 'text'] })
  @IsIn(['rating', 'text'])
  kind: 'rating' | 'text';

  @ApiProperty({ type: LabelDto })
  @NestedObject(() => LabelDto)
  label: LabelDto;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @SafeInt(0, 10)
  scaleMin?: number;

  @ApiPropertyOptional({ default: 5 })
  @IsOptional()
  @SafeInt(1, 10)
  scaleMax?: number;
}

export class CreateEvaluationFormDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  activityId: string;

  @ApiProperty({ example: 'Evaluatie democratiespel Zwolle' })
  @FreeText(300, { minLength: 1 })
  title: string;

  @ApiProperty({ type: [QuestionDto] })
  @NestedArray(() => QuestionDto, { min: 1, max: 30 })
  questions: QuestionDto[];
}

export class EvaluationResponseDto {
  @ApiPropertyOptional({ example: { learned: 4 }, description: 'Cijfer per beoordelingsvraag / rating per question id' })
  @IsOptional()
  @IsObject()
  ratings?: Record<string, unknown>;

  @ApiPropertyOptional({ example: { remarks: 'Leuk en leerzaam' }, description: 'Vrije tekst per open vraag; zet er geen namen in / no names please' })
  @IsOptional()
  @IsObject()
  comments?: Record<string, unknown>;
}

export class FormStateDto {
  @ApiProperty({ description: 'false closes the form for new responses' })
  @IsBoolean()
  open: boolean;
}

export class AggregateQueryDto {
  @ApiPropertyOptional({ enum: ['activity', 'prestatie'] })
  @IsOptional()
  @IsIn(['activity', 'prestatie'])
  scope?: string;

  @ApiPropertyOptional({ description: 'Activiteit-id of prestatiecode / activity id or prestatie code' })
  @IsOptional()
  @FreeText(100)
  key?: string;

  @ApiPropertyOptional({ example: '2026-Q1' })
  @IsOptional()
  @Matches(PERIOD_PATTERN, { message: 'period must look like 2026, 2026-Q1 or 2026-03' })
  period?: string;
}
