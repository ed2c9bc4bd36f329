import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  Type,
} from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
} from 'class-validator';
import { PRESTATIE_CODE_PATTERN } from '@deelwijs/contracts';
import {
  FreeText,
  NestedArray,
  PageQuery,
  PageView,
  SafeInt,
} from '@deelwijs/platform';
import { VISIBILITIES, type Visibility } from '../../common/audience';
import { ITEM_STATUSES, LANGUAGES, snapshotOf, type ItemStatus, type KnowledgeItem, type Language } from '../knowledge-item';

/** More versions than any item will have: an expectedVersion beyond it is a wrong field, not a conflict. */
const MAX_VERSION = 1_000_000;

export const SLUG = /^[a-z][a-z0-9-]{0,63}$/;

export class ActionRefDto {
  @ApiProperty({ example: '7.2.3', description: 'Prestatie / prestatie' })
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatieCode must look like 7.2.3' })
  prestatieCode: string;

  @ApiProperty({ example: 4, description: 'Actienummer onder de prestatie / action number' })
  @SafeInt(1, 99)
  number: number;
}

export class KnowledgeKindDto {
  @ApiProperty({ example: 'podcast' })
  @Matches(SLUG, { message: 'slug must be a lower-case slug' })
  slug: string;

  @ApiProperty({ example: 'podcast' })
  @FreeText(100, { minLength: 1 })
  nl: string;

  @ApiProperty({ example: 'podcast' })
  @FreeText(100, { minLength: 1 })
  en: string;
}

export class CreateKnowledgeItemDto {
  @ApiProperty({ example: 'report', description: 'Soort (see GET /v1/knowledge-kinds) / kind' })
  @Matches(SLUG, { message: 'kind must be a lower-case slug' })
  kind: string;

  @ApiProperty({ example: 'Democratiespelen in Overijssel 2026', maxLength: 300 })
  @FreeText(300, { minLength: 1 })
  title: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @FreeText(2000)
  summary?: string;

  @ApiPropertyOptional({ description: 'Markdown; rendered to safe HTML (raw HTML is escaped)', maxLength: 200_000 })
  @IsOptional()
  @FreeText(200_000)
  body?: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language: Language;

  @ApiProperty({ enum: VISIBILITIES, description: 'public: iedereen / anyone; partners: partnerorganisaties; internal: provincie' })
  @IsIn(VISIBILITIES)
  visibility: Visibility;

  @ApiPropertyOptional({ type: [String], example: ['democratie', 'jongeren'] })
  @IsOptional()
  @FreeText(100, { minLength: 1, each: true })
  @ArrayMaxSize(50)
  themes?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @FreeText(100, { minLength: 1, each: true })
  @ArrayMaxSize(50)
  tags?: string[];

  @ApiPropertyOptional({
    example: 'overijssel-2026',
    description: 'Programma; leave out for the default programme of the period (today) / the programme the item counts in',
  })
  @IsOptional()
  @Matches(SLUG, { message: 'programmeCode must be a programme code such as overijssel-2026' })
  programmeCode?: string;

  @ApiPropertyOptional({ type: [String], example: ['7.2.3'], description: "Prestaties of the programme" })
  @IsOptional()
  @Matches(PRESTATIE_CODE_PATTERN, { each: true, message: 'each prestatie code must look like 7.2.3' })
  @ArrayMaxSize(50)
  prestatieCodes?: string[];

  @ApiPropertyOptional({ type: [ActionRefDto], description: "Numbered actions of the programme's prestaties" })
  @IsOptional()
  @NestedArray(() => ActionRefDto, { max: 50 })
  actions?: ActionRefDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(500)
  activityIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(200)
  partnerOrganisationIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Auteurs; only kept in this service, never in events' })
  @IsOptional()
  @FreeText(200, { minLength: 1, each: true })
  @ArrayMaxSize(50)
  authors?: string[];
}

export class UpdateKnowledgeItemDto extends PartialType(CreateKnowledgeItemDto) {
  @ApiPropertyOptional({ description: 'The version this change is based on; a newer current version is a 409 conflict.' })
  @IsOptional()
  @SafeInt(1, MAX_VERSION)
  expectedVersion?: number;
}

export class StatusChangeDto {
  @ApiProperty({ enum: ITEM_STATUSES })
  @IsIn(ITEM_STATUSES)
  status: ItemStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @SafeInt(1, MAX_VERSION)
  expectedVersion?: number;
}

export class ListItemsQueryDto extends PageQuery(20, 100) {
  @ApiPropertyOptional({ enum: ITEM_STATUSES })
  @IsOptional()
  @IsIn(ITEM_STATUSES)
  status?: ItemStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(SLUG, { message: 'kind must be a lower-case slug' })
  kind?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  activityId?: string;
}

export class DiffQueryDto {
  @ApiProperty()
  @Type(() => Number)
  @SafeInt(1, MAX_VERSION)
  from: number;

  @ApiProperty()
  @Type(() => Number)
  @SafeInt(1, MAX_VERSION)
  to: number;
}

export class AttachmentView {
  @ApiProperty({ format: 'uuid' }) attachmentId: string;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
}

export class KnowledgeItemView {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ITEM_STATUSES }) status: ItemStatus;
  @ApiProperty() kind: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty({ description: 'Markdown' }) body: string;
  @ApiProperty({ description: 'Safe HTML rendered from the Markdown' }) bodyHtml: string;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ enum: VISIBILITIES }) visibility: Visibility;
  @ApiProperty({ type: [String] }) themes: string[];
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: the default programme of its period' })
  programmeCode: string | null;
  @ApiProperty({ type: [String] }) prestatieCodes: string[];
  @ApiProperty({ type: [ActionRefDto] }) actions: ActionRefDto[];
  @ApiProperty({ type: [String] }) activityIds: string[];
  @ApiProperty({ type: [String] }) partnerOrganisationIds: string[];
  @ApiProperty({ type: [String] }) authors: string[];
  @ApiProperty({ type: [AttachmentView] }) attachments: AttachmentView[];
  @ApiPropertyOptional({ format: 'uuid' }) sourceActivityId?: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional() publishedAt?: string;
}

export class KnowledgeItemList extends PageView {
  @ApiProperty({ type: [KnowledgeItemView] }) items: KnowledgeItemView[];
}

/** The one mapping of an item to what the API shows of it. */
export function toItemView(item: KnowledgeItem): KnowledgeItemView {
  return {
    itemId: item.itemId,
    version: item.version,
    ...snapshotOf(item),
    bodyHtml: item.bodyHtml,
    ...(item.sourceActivityId ? { sourceActivityId: item.sourceActivityId } : {}),
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
    ...(item.publishedAt ? { publishedAt: item.publishedAt.toISOString() } : {}),
  };
}

export class VersionView {
  @ApiProperty() version: number;
  @ApiProperty() change: string;
  @ApiProperty() changedBy: string;
  @ApiProperty() changedAt: string;
  @ApiProperty({ description: 'The item as this version froze it' }) snapshot: object;
}
