import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { PersonalData } from '@deelwijs/platform';
import { RegistrationsExportService, type ExportFile } from './registrations-export.service';

@ApiTags('registrations')
@ApiSecurity('bearer')
@PersonalData()
@Controller('v1/activities')
export class ExportsController {
  constructor(private readonly exports: RegistrationsExportService) {}

  @Get(':activityId/registrations.csv')
  @Roles('organiser', 'admin')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'RFC 4180 CSV, UTF-8 with BOM; cells that would be formulas start with an apostrophe. Audit-logged.',
  })
  @ApiForbiddenResponse({ description: 'An organiser of another organisation' })
  @ApiNotFoundResponse({ description: 'No such activity' })
  async csv(
    @Param('activityId', ParseUuid) activityId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return send(reply, await this.exports.csv(activityId, principal));
  }

  @Get(':activityId/registrations.xlsx')
  @Roles('organiser', 'admin')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The same rows as an Excel workbook. Audit-logged.' })
  @ApiForbiddenResponse({ description: 'An organiser of another organisation' })
  @ApiNotFoundResponse({ description: 'No such activity' })
  async xlsx(
    @Param('activityId', ParseUuid) activityId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return send(reply, await this.exports.xlsx(activityId, principal));
  }
}

function send(reply: FastifyReply, file: ExportFile): StreamableFile {
  return new StreamableFile(file.body, {
    type: file.contentType,
    disposition: `attachment; filename="${file.filename}"`,
  });
}
