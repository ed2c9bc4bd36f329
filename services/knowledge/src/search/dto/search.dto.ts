import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Transform,
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
  CalendarDate,
  FreeText,
  PageQuery,
  PageView,
} from '@deelwijs/platform';
import { SLUG } from '../../items/dto/item.dto';
import { LANGUAGES, type Language } from '../../items/knowledge-item';

/** A repeated query parameter arrives as an array, a single one as a string: always a list here. */
const asList = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export class SearchQueryDto extends PageQuery(20, 100) {
  @ApiPropertyOptional({ description: 'Zoektermen / search terms; "quotes" for phrases, -word to exclude', example: 'democratiespelen' })
  @IsOptional()
  @FreeText(200)
  q?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(asList)
  @Matches(SLUG, { each: true, message: 'each kind must be a lower-case slug' })
  @ArrayMaxSize(20)
  kind?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(asList)
  @FreeText(100, { each: true })
  @ArrayMaxSize(20)
  theme?: string[];

  @ApiPropertyOptional({ type: [String], example: ['7.2.3'] })
  @IsOptional()
  @Transform(asList)
  @Matches(PRESTATIE_CODE_PATTERN, { each: true, message: 'each prestatie must look like 7.2.3' })
  @ArrayMaxSize(20)
  prestatie?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Partnerorganisatie (id)' })
  @IsOptional()
  @Transform(asList)
  @IsUUID('all', { each: true })
  @ArrayMaxSize(20)
  partner?: string[];

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ description: 'Gepubliceerd vanaf / published on or after (date)', example: '2026-01-01' })
  @IsOptional()
  @CalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Gepubliceerd tot en met / published on or before (date)', example: '2026-12-31' })
  @IsOptional()
  @CalendarDate()
  to?: string;
}

export class FacetCount {
  @ApiProperty() value: string;
  @ApiProperty() count: number;
  @ApiPropertyOptional() label?: string;
}

export class SearchHit {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() kind: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() language: string;
  @ApiProperty() visibility: string;
  @ApiProperty({ type: [String] }) themes: string[];
  @ApiProperty({ type: [String] }) prestatieCodes: string[];
  @ApiPropertyOptional() publishedAt?: string;
  @ApiProperty() rank: number;
  @ApiProperty({ description: 'HTML-escaped text with the matched words in <mark>' }) snippet: string;
}

export class SearchFacets {
  @ApiProperty({ type: [FacetCount] }) kind: FacetCount[];
  @ApiProperty({ type: [FacetCount] }) theme: FacetCount[];
  @ApiProperty({ type: [FacetCount] }) prestatie: FacetCount[];
  @ApiProperty({ type: [FacetCount] }) partner: FacetCount[];
  @ApiProperty({ type: [FacetCount] }) language: FacetCount[];
  @ApiProperty({ type: [FacetCount] }) year: FacetCount[];
}

export class SearchResult extends PageView {
  @ApiProperty({
    description:
      'Benadering / approximate: true when more items match than a search takes (1,000 word matches, or 100 titles ' +
      'similar to a misspelt query). `total` then stops at that limit: more than `total` items match. The ranking, the ' +
      'pages and the facet counts then cover the matches taken (as the index gives them; without search words, the ' +
      'newest), not all matches. False: total, ranking and facet counts are exact.',
  })
  approximate: boolean;

  @ApiProperty({ type: [SearchHit] }) items: SearchHit[];
  @ApiProperty({ type: SearchFacets }) facets: SearchFacets;
}
