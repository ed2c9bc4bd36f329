import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery, PageView } from '@deelwijs/platform';
import { BulkSummary, type RegistrationOutcome } from '../../registrations/dto/registration.dto';
import { IMPORT_FIELDS } from '../import-mapping';

const OUTCOMES = ['accepted', 'waitlisted', 'duplicate', 'rejected'] as const;

/** The multipart form of an upload (documentation only: the controller reads the parts itself). */
export class RegistrationImportForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The spreadsheet: CSV (comma or semicolon, UTF-8) or XLSX; its first row holds the column headings',
  })
  file: unknown;

  @ApiProperty({
    description: `JSON object: per registration field (${IMPORT_FIELDS.join(', ')}), the heading of the column that holds it. contactName and contactEmail are required.`,
    example:
      '{"contactName":"Docent","contactEmail":"E-mail","schoolName":"School","className":"Klas","headcount":"Aantal"}',
  })
  mapping: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The activity for every row, unless a column holds it (mapping.activityId)',
  })
  activityId?: string;
}

export class RegistrationImportPreviewForm {
  @ApiProperty({ type: 'string', format: 'binary' })
  file: unknown;

  @ApiPropertyOptional({
    description: 'JSON object as for an import: when given, the first rows are shown mapped and checked',
  })
  mapping?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  activityId?: string;
}

export class ImportMappingView {
  @ApiPropertyOptional() activityId?: string;
  @ApiPropertyOptional() kind?: string;
  @ApiPropertyOptional() headcount?: string;
  @ApiPropertyOptional() contactName?: string;
  @ApiPropertyOptional() contactEmail?: string;
  @ApiPropertyOptional() contactPhone?: string;
  @ApiPropertyOptional() schoolName?: string;
  @ApiPropertyOptional() className?: string;
  @ApiPropertyOptional() externalReference?: string;
  @ApiPropertyOptional() language?: string;
}

export class RegistrationImportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) status:
    'queued' | 'running' | 'completed' | 'failed';
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: 'csv' | 'xlsx';
  @ApiProperty({ type: ImportMappingView }) mapping: ImportMappingView;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) activityId: string | null;
  @ApiProperty({ description: 'Data rows in the file (below the heading row)' }) rowsTotal: number;
  @ApiProperty({ description: 'Rows registered or refused so far' }) rowsDone: number;
  @ApiProperty({ type: BulkSummary }) summary: BulkSummary;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the job gave up (status failed)' })
  failure: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) finishedAt: string | null;
}

export class ImportRowView {
  @ApiProperty({ description: 'The row number as the spreadsheet shows it (the heading row is 1)' })
  row: number;
  @ApiProperty({ enum: OUTCOMES }) outcome: RegistrationOutcome;
  @ApiPropertyOptional({ format: 'uuid' }) registrationId?: string;
  @ApiPropertyOptional() waitlistPosition?: number;
  @ApiPropertyOptional({ description: 'For a rejection: the registration field it concerns' }) field?: string;
  @ApiPropertyOptional({ description: 'For a rejection: why' }) reason?: string;
}

export class ImportRowList extends PageView {
  @ApiProperty({ type: [ImportRowView] }) items: ImportRowView[];
}

export class ImportRowsQuery extends PageQuery(100, 1000) {
  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: RegistrationOutcome;
}

export class PreviewRowView {
  @ApiProperty() row: number;
  @ApiProperty({ type: [String] }) cells: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The row as a registration, with the mapping applied',
  })
  item?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'What the registration would refuse in it: the field' }) field?: string;
  @ApiPropertyOptional() reason?: string;
}

export class RegistrationImportPreview {
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: 'csv' | 'xlsx';
  @ApiProperty({ type: [String], description: 'The headings of the first row' }) columns: string[];
  @ApiProperty({ description: 'Data rows in the file' }) rowCount: number;
  @ApiProperty({ type: [PreviewRowView], description: 'The first rows' }) rows: PreviewRowView[];
  @ApiProperty({ type: ImportMappingView, description: 'A mapping suggested from the headings' })
  suggestedMapping: ImportMappingView;
}
