import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ParsePositiveInt, ParseUuid } from '@deelwijs/platform';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles, type Principal } from '@deelwijs/identity';
import {
  CreateKnowledgeItemDto,
  DiffQueryDto,
  KnowledgeKindDto,
  KnowledgeItemList,
  KnowledgeItemView,
  ListItemsQueryDto,
  StatusChangeDto,
  UpdateKnowledgeItemDto,
  VersionView,
} from './dto/item.dto';
import { ItemsService } from './items.service';


@ApiTags('knowledge-items')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get('knowledge-kinds')
  @Public()
  @ApiOperation({ summary: 'Soorten kennisitems / kinds of knowledge item (kept as data)' })
  kinds() {
    return this.items.kinds();
  }

  @Post('knowledge-kinds')
  @Roles('admin')
  @ApiOperation({ summary: 'Soort toevoegen of hernoemen / add or rename a kind (admin)' })
  putKind(@CurrentPrincipal() principal: Principal, @Body() body: KnowledgeKindDto) {
    return this.items.putKind(principal, body);
  }

  @Post('knowledge-items')
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Kennisitem aanmaken (concept) / create a knowledge item (draft, version 1)' })
  @ApiCreatedResponse({ type: KnowledgeItemView })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateKnowledgeItemDto) {
    return this.items.create(principal, body);
  }

  @Get('knowledge-items')
  @Public({ identifyCaller: true })
  @ApiOperation({ summary: 'Kennisitems die u mag zien / knowledge items visible to the caller' })
  @ApiOkResponse({ type: KnowledgeItemList })
  list(@CurrentPrincipal() principal: Principal | undefined, @Query() query: ListItemsQueryDto) {
    return this.items.list(principal, query);
  }

  @Get('knowledge-items/:itemId')
  @Public({ identifyCaller: true })
  @ApiOkResponse({ type: KnowledgeItemView })
  get(@CurrentPrincipal() principal: Principal | undefined, @Param('itemId', ParseUuid) itemId: string) {
    return this.items.get(principal, itemId);
  }

  @Patch('knowledge-items/:itemId')
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Wijzigen: een nieuwe versie / change: a new immutable version' })
  @ApiOkResponse({ type: KnowledgeItemView })
  update(@CurrentPrincipal() principal: Principal, @Param('itemId', ParseUuid) itemId: string, @Body() body: UpdateKnowledgeItemDto) {
    return this.items.update(principal, itemId, body);
  }

  @Post('knowledge-items/:itemId/status-changes')
  @HttpCode(200)
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Status wijzigen (ter review, publiceren, archiveren) / change status' })
  @ApiOkResponse({ type: KnowledgeItemView })
  changeStatus(@CurrentPrincipal() principal: Principal, @Param('itemId', ParseUuid) itemId: string, @Body() body: StatusChangeDto) {
    return this.items.changeStatus(principal, itemId, body);
  }

  @Get('knowledge-items/:itemId/versions')
  @Roles('editor', 'admin')
  @ApiOkResponse({ type: [VersionView] })
  versions(@Param('itemId', ParseUuid) itemId: string) {
    return this.items.versions(itemId);
  }

  @Get('knowledge-items/:itemId/versions/:version')
  @Roles('editor', 'admin')
  @ApiOkResponse({ type: VersionView })
  version(@Param('itemId', ParseUuid) itemId: string, @Param('version', ParsePositiveInt) version: number) {
    return this.items.version(itemId, version);
  }

  @Get('knowledge-items/:itemId/diff')
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Verschil tussen twee versies / diff between two versions' })
  diff(@Param('itemId', ParseUuid) itemId: string, @Query() query: DiffQueryDto) {
    return this.items.diff(itemId, query.from, query.to);
  }
}
