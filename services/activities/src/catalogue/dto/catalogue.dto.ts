import { ApiProperty } from '@nestjs/swagger';
import {
  FreeText,
  NestedObject,
} from '@deelwijs/platform';
import {
  IsBoolean,
  IsOptional,
} from 'class-validator';

export class LabelDto {
  @ApiProperty({ example: 'podcast' }) @FreeText(100, { minLength: 1 }) nl: string;
  @ApiProperty({ example: 'podcast' }) @FreeText(100, { minLength: 1 }) en: string;
}

export class CatalogueEntryDto {
  @ApiProperty({ type: LabelDto })
  @NestedObject(() => LabelDto)
  label: LabelDto;

  @ApiProperty({ required: false, default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CatalogueEntryView {
  @ApiProperty() slug: string;
  @ApiProperty({ type: LabelDto }) label: { nl: string; en: string };
  @ApiProperty() active: boolean;
}
