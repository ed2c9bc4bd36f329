import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Type,
} from 'class-transformer';
import {
  IsIn,
  IsOptional,
  Matches,
} from 'class-validator';
import { FreeText, NestedArray, NestedObject, SafeInt } from '@deelwijs/platform';
import { PERIOD_PATTERN, PRESTATIE_CODE_PATTERN } from '@deelwijs/contracts';
import { LANGUAGES, type Language } from '../i18n';
import { REPORT_FORMATS, type ReportFormat } from '../report-formats';

/** The judgements a report's JSON holds; the document describes the formats, not that shape, so it names them here (report.model.ts, deviation.ts). */
export const JUDGEMENTS_DESCRIPTION =
  'In JSON each indicator and budget has a `status` of on-track, at-risk or deviation; a prestatie has the worst of its own, ' +
  'or not-judged when it has no indicators and no budget of its own (it then needs no explanation); the programme has the worst of the prestaties judged, not-judged only when none is.';

export const PROGRAMME_CODE = /^[a-z][a-z0-9-]{0,63}$/;
/** A period id, or a calendar key (a slug; it starts with a letter, so the two never collide). */
export const REPORT_PERIOD = new RegExp(`${PERIOD_PATTERN.source}|${PROGRAMME_CODE.source}`);

export class ProgrammeParams {
  @ApiProperty({ example: 'overijssel-2026' })
  @Matches(PROGRAMME_CODE, { message: 'code must be a lower-case slug such as overijssel-2026' })
  code: string;
}

export class PeriodParams extends ProgrammeParams {
  @ApiProperty({
    example: '2026-Q3',
    description: "A year (2026), quarter (2026-Q3) or month (2026-07); or the key of an interim report in the programme's reportingCalendar (najaarsrapportage).",
  })
  @Matches(REPORT_PERIOD, { message: "period must look like 2026, 2026-Q3 or 2026-07, or be a key of the programme's reporting calendar" })
  period: string;
}

export class PrestatieParams extends PeriodParams {
  @ApiProperty({ example: '7.2.3' })
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatie must look like 7.2.3' })
  prestatie: string;
}

export class ActionParams extends PrestatieParams {
  @ApiProperty({ example: 4, description: 'The number of an action of the prestatie.' })
  @Type(() => Number)
  @SafeInt(1, 99)
  action: number;
}

export class ReportQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'Overrides the Accept header; JSON when neither asks for another.' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'nl', description: 'Dutch by default; English available.' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}

export class ExplanationBody {
  @ApiProperty({ example: 'Door grote belangstelling van scholen zijn meer gastlessen gegeven dan gepland.', description: 'Dutch text.' })
  @FreeText(5000, { minLength: 3 })
  nl: string;

  @ApiPropertyOptional({ description: 'English text, when the report is also read in English.' })
  @IsOptional()
  @FreeText(5000, { minLength: 3 })
  en?: string;
}

export class RejectionBody {
  @ApiProperty({ example: 'Toelichting bij 7.2.3 aanvullen met de planning voor Q4.' })
  @FreeText(2000, { minLength: 3 })
  reason: string;
}

export class WorkflowView {
  @ApiProperty({ enum: ['draft', 'submitted', 'approved'] }) status: string;
  @ApiPropertyOptional() submittedAt?: string;
  @ApiPropertyOptional() submittedBy?: string;
  @ApiPropertyOptional() approvedAt?: string;
  @ApiPropertyOptional() approvedBy?: string;
  @ApiPropertyOptional() rejectionReason?: string;
  @ApiProperty() locked: boolean;
}

/** A text being written: empty is allowed (the page then says the text is still missing). */
export class DraftText {
  @ApiProperty({ example: 'Door grote belangstelling van scholen zijn meer gastlessen gegeven dan gepland.', description: 'Dutch text; may be empty.' })
  @FreeText(5000)
  nl: string;

  @ApiPropertyOptional({ description: 'English text; may be empty.' })
  @IsOptional()
  @FreeText(5000)
  en?: string;
}

export class DraftRealisation extends DraftText {
  @ApiProperty({ example: 4, description: 'The number of an action of the prestatie.' })
  @SafeInt(1, 99)
  action: number;
}

/** The texts of a prestatie as they are being written, not yet stored: the preview shows the page with them. */
export class PreviewBody {
  @ApiPropertyOptional({ type: DraftText, description: 'The explanation ("toelichting op voortgang") being written.' })
  @IsOptional()
  @NestedObject(() => DraftText)
  explanation?: DraftText;

  @ApiPropertyOptional({ type: [DraftRealisation], description: "The realisation texts being written under the prestatie's actions." })
  @IsOptional()
  @NestedArray(() => DraftRealisation, { max: 99 })
  realisations?: DraftRealisation[];
}
