import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, type Principal } from '@deelwijs/identity';
import { SearchQueryDto, SearchResult } from './dto/search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1/knowledge-search-results')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @Public({ identifyCaller: true })
  @ApiOperation({
    summary: 'Zoeken in de kennisbank / search the knowledge base',
    description: 'Anonymous callers find public items, partner keys also partner items, staff everything published.',
  })
  @ApiOkResponse({ type: SearchResult })
  find(@CurrentPrincipal() principal: Principal | undefined, @Query() query: SearchQueryDto): Promise<SearchResult> {
    return this.search.search(principal, query);
  }
}
