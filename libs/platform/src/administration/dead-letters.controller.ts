import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { DeadLetterNotFoundError, DeadLetters } from '@deelwijs/messaging';
import { SERVICE_NAME } from '../privacy/privacy-requests.controller';
import { AdministrationListQuery, DeadLetterListView, DeadLetterParams, DeadLetterView } from './administration.dto';

/**
 * The events this service's consumers gave up on, with the reason, and their replay; the same
 * in every service (PlatformModule mounts it). Only the envelope's metadata is shown.
 */
@ApiTags('administration')
@ApiSecurity('bearer')
@Roles('admin')
@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(
    private readonly deadLetters: DeadLetters,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get()
  @ApiOperation({ summary: "The events this service's consumers dead-lettered, newest first, with their reason" })
  @ApiOkResponse({ type: DeadLetterListView })
  async list(@Query() query: AdministrationListQuery): Promise<DeadLetterListView> {
    return { service: this.service, items: await this.deadLetters.list(query.limit) };
  }

  @Post(':sequence/replays')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Replays a dead letter: the event is published again to its own subject (every consumer ignores what it applied before, ' +
      'so the one that failed applies it once) and the dead letter is removed',
  })
  @ApiAcceptedResponse({ type: DeadLetterView, description: 'The dead letter that was replayed' })
  @ApiNotFoundResponse({ description: 'No such dead letter of this service (perhaps replayed already)' })
  async replay(@Param() params: DeadLetterParams): Promise<DeadLetterView> {
    try {
      return await this.deadLetters.replay(params.sequence);
    } catch (error) {
      if (error instanceof DeadLetterNotFoundError) {
        throw new NotFoundException('Deze dode brief bestaat niet (meer) / no such dead letter (any more).');
      }
      throw error;
    }
  }
}
