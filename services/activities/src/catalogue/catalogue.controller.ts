import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { Public, Roles } from '@deelwijs/identity';
import { InvalidInputException } from '@deelwijs/platform';
import { CatalogueService, type CatalogueEntry, type CatalogueTable } from './catalogue.service';

class LabelDto {
  @ApiProperty({ example: 'podcast' }) @IsString() @Length(1, 100) nl: string;
  @ApiProperty({ example: 'podcast' }) @IsString() @Length(1, 100) en: string;
}

class CatalogueEntryDto {
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

class CatalogueEntryView {
  @ApiProperty() slug: string;
  @ApiProperty({ type: LabelDto }) label: { nl: string; en: string };
  @ApiProperty() active: boolean;
}

const SLUG = /^[a-z][a-z0-9-]{0,63}$/;

function entry(slug: string, body: CatalogueEntryDto): CatalogueEntry {
  if (!SLUG.test(slug)) {
    throw new InvalidInputException([
      { name: 'slug', reason: 'slug must be lower-case letters, digits and -, starting with a letter' },
    ]);
  }
  return { slug, label: body.label, active: body.active ?? true };
}

@ApiTags('catalogue')
@ApiSecurity('bearer')
@Controller('v1')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('activity-types')
  @Public()
  @ApiOkResponse({ type: [CatalogueEntryView] })
  activityTypes(): Promise<CatalogueEntry[]> {
    return this.catalogue.list('activity_types');
  }

  @Put('activity-types/:slug')
  @Roles('admin')
  @ApiOkResponse({ type: CatalogueEntryView })
  putActivityType(@Param('slug') slug: string, @Body() body: CatalogueEntryDto): Promise<CatalogueEntry> {
    return this.catalogue.upsert('activity_types', entry(slug, body));
  }

  @Get('location-categories')
  @Public()
  @ApiOkResponse({ type: [CatalogueEntryView] })
  locationCategories(): Promise<CatalogueEntry[]> {
    return this.catalogue.list('location_categories');
  }

  @Put('location-categories/:slug')
  @Roles('admin')
  @ApiOkResponse({ type: CatalogueEntryView })
  putLocationCategory(@Param('slug') slug: string, @Body() body: CatalogueEntryDto): Promise<CatalogueEntry> {
    return this.catalogue.upsert('location_categories' satisfies CatalogueTable, entry(slug, body));
  }
}
