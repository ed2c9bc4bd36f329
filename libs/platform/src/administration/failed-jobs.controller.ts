import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { FailedJobNotFoundError, FailedJobs } from '../jobs/failed-jobs';
import { SERVICE_NAME } from '../privacy/privacy-requests.controller';
import { AdministrationListQuery, FailedJobListView, FailedJobParams, FailedJobView } from './administration.dto';

/** The jobs of this service that failed for good, and their retry; the same in every service. */
@ApiTags('administration')
@ApiSecurity('bearer')
@Roles('admin')
@Controller('v1')
export class FailedJobsController {
  constructor(
    private readonly failedJobs: FailedJobs,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get('failed-jobs')
  @ApiOperation({ summary: 'The jobs that failed after their last attempt (kept a week), newest first, per queue at most `limit`' })
  @ApiOkResponse({ type: FailedJobListView })
  async list(@Query() query: AdministrationListQuery): Promise<FailedJobListView> {
    return { service: this.service, items: await this.failedJobs.list(query.limit) };
  }

  @Post('queues/:queue/failed-jobs/:id/retries')
  @HttpCode(202)
  @ApiOperation({ summary: 'Runs a failed job again under its own id, with its attempts reset' })
  @ApiAcceptedResponse({ type: FailedJobView, description: 'The failed job as it was before the retry' })
  @ApiNotFoundResponse({ description: 'No failed job with this id on this queue (perhaps retried already)' })
  async retry(@Param() params: FailedJobParams): Promise<FailedJobView> {
    try {
      return await this.failedJobs.retry(params.queue, params.id);
    } catch (error) {
      if (error instanceof FailedJobNotFoundError) {
        throw new NotFoundException('Deze mislukte taak bestaat niet (meer) / no such failed job (any more).');
      }
      throw error;
    }
  }
}
