import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

export class LabelDto {
  @ApiProperty({ example: 'podcast' }) @IsString() @Length(1, 100) nl: string;
  @ApiProperty({ example: 'podcast' }) @IsString() @Length(1, 100) en: string;
}

export class CatalogueEntryDto {
  @ApiProperty({ type: LabelDto })
  // ValidateNested alone lets a missing label through, to fail at the database as a 500.
  @IsObject()
  @ValidateNested()
  @Type(() => LabelDto)
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
