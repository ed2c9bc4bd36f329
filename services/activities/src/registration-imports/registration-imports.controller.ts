import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { ParseUuid } from '@deelwijs/platform';
import { ActivitiesConfig } from '../config/activities.config';
import {
  ImportRowList,
  ImportRowsQuery,
  RegistrationImportForm,
  RegistrationImportPreview,
  RegistrationImportPreviewForm,
  RegistrationImportView,
} from './dto/registration-import.dto';
import { readUpload } from './multipart-upload';
import { RegistrationImportsService } from './registration-imports.service';

@ApiTags('registration-imports')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1/registration-imports')
export class RegistrationImportsController {
  constructor(
    private readonly imports: RegistrationImportsService,
    private readonly config: ActivitiesConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('organiser', 'admin', 'partner')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: RegistrationImportForm })
  @ApiAcceptedResponse({
    type: RegistrationImportView,
    description: 'Queued: a job registers the rows; follow Location for its progress',
  })
  @ApiOkResponse({
    type: RegistrationImportView,
    description: 'The same file with the same mapping and activity was sent before: that import, nothing new',
  })
  @ApiBadRequestResponse({
    description: 'file missing or unreadable, a bad mapping or activityId (named in invalidParams)',
  })
  @ApiPayloadTooLargeResponse({ description: 'file larger than the limit' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not multipart, or the file is neither CSV nor XLSX' })
  async create(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationImportView> {
    const upload = await readUpload(request, this.config.REGISTRATION_IMPORT_MAX_BYTES);
    const { view, created } = await this.imports.create(upload, principal);
    void reply.header('location', `/v1/registration-imports/${view.id}`);
    if (!created) {
      void reply.status(200);
    }
    return view;
  }

  @Post('previews')
  @HttpCode(200)
  @Roles('organiser', 'admin', 'partner')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: RegistrationImportPreviewForm })
  @ApiOkResponse({
    type: RegistrationImportPreview,
    description:
      'The headings, the row count, a suggested mapping and the first rows (mapped and checked when a mapping is sent). Nothing is stored.',
  })
  async preview(@Req() request: FastifyRequest): Promise<RegistrationImportPreview> {
    return this.imports.preview(await readUpload(request, this.config.REGISTRATION_IMPORT_MAX_BYTES));
  }

  @Get(':id')
  @Roles('organiser', 'admin', 'partner')
  @ApiOkResponse({
    type: RegistrationImportView,
    description: 'Status, rows total and done, counts per outcome',
  })
  @ApiNotFoundResponse({ description: 'No such import, or another partner’s' })
  get(
    @Param('id', ParseUuid) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationImportView> {
    return this.imports.get(id, principal);
  }

  @Get(':id/rows')
  @Roles('organiser', 'admin', 'partner')
  @ApiOkResponse({ type: ImportRowList, description: 'Each row’s result so far, in row order' })
  @ApiNotFoundResponse({ description: 'No such import, or another partner’s' })
  rows(
    @Param('id', ParseUuid) id: string,
    @Query() query: ImportRowsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportRowList> {
    return this.imports.rows(id, principal, query);
  }

  @Get(':id/results')
  @Roles('organiser', 'admin', 'partner')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'Every row’s result: row, outcome, registration, waiting-list position, field, reason (RFC 4180, UTF-8 with BOM)',
  })
  @ApiNotFoundResponse({ description: 'No such import, or another partner’s' })
  async results(
    @Param('id', ParseUuid) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.imports.resultsCsv(id, principal);
    void reply.header('cache-control', 'no-store');
    return new StreamableFile(Buffer.from(file.body, 'utf8'), {
      type: 'text/csv; charset=utf-8; header=present',
      disposition: `attachment; filename="${file.filename}"`,
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('organiser', 'admin', 'partner')
  @ApiNoContentResponse({
    description: 'The import and its rows’ results are erased (the registrations stay); audit-logged',
  })
  @ApiNotFoundResponse({ description: 'No such import, or another partner’s' })
  async erase(
    @Param('id', ParseUuid) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.imports.erase(id, principal);
  }
}
