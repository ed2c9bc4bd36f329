import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import { ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { CreateSeriesDto, SeriesView } from './dto/series.dto';
import { SeriesService } from './series.service';

@ApiTags('series')
@ApiSecurity('bearer')
@Controller('v1/series')
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  @Roles('organiser', 'admin')
  @ApiCreatedResponse({ type: SeriesView })
  create(@Body() input: CreateSeriesDto): Promise<SeriesView> {
    return this.series.create(input);
  }

  @Get(':id')
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: SeriesView })
  get(@Param('id', ParseUuid) id: string): Promise<SeriesView> {
    return this.series.get(id);
  }
}
