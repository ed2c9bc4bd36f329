import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@deelwijs/identity';
import { CatalogueService, type CatalogueEntry } from './catalogue.service';
import { CatalogueEntryDto, CatalogueEntryView } from './dto/catalogue.dto';

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
    return this.catalogue.put('activity_types', slug, body);
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
    return this.catalogue.put('location_categories', slug, body);
  }
}
