import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Header,
  Headers,
  HttpCode,
  NotAcceptableException,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtension,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles, type Principal } from '@deelwijs/identity';
import type { FastifyReply } from 'fastify';
import { ParseUuid, PersonalData } from '@deelwijs/platform';
import { RegistrationsExportService } from '../exports/registrations-export.service';
import { cancellationPage } from './cancellation-page';
import {
  BulkRegistrationDto,
  bulkRequestOf,
  BulkRegistrationResult,
  CancelRegistrationQuery,
  RegistrationInputDto,
  RegistrationList,
  RegistrationView,
} from './dto/registration.dto';
import { registrantOf } from './registrant';
import { RegistrationsService } from './registrations.service';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The representation an Accept header asks for, of JSON, CSV and XLSX (JSON when it names none of them or anything). */
function representationOf(accept: string | undefined): 'application/json' | typeof CSV | typeof XLSX {
  const ranges = (accept ?? '')
    .split(',')
    .map((part) => {
      const [type, ...parameters] = part.trim().toLowerCase().split(';');
      const q = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((range) => range.type && range.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const range of ranges) {
    if (range.type === CSV || range.type === XLSX) {
      return range.type;
    }
    if (range.type === 'text/*') {
      return CSV;
    }
    if (range.type === 'application/json' || range.type === '*/*' || range.type === 'application/*') {
      return 'application/json';
    }
  }
  if (ranges.length > 0) {
    throw new NotAcceptableException(`Registrations are answered as application/json, ${CSV} or ${XLSX}.`);
  }
  return 'application/json';
}

/** Every answer here carries a registrant's details, or the page of their own cancel link: never cached. */
@ApiTags('registrations')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@PersonalData()
@Controller('v1')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly exports: RegistrationsExportService,
  ) {}

  @Post('activities/:activityId/registrations')
  @Roles('organiser', 'admin', 'partner')
  @ApiCreatedResponse({
    type: RegistrationView,
    description: 'Accepted, or waitlisted when the activity is full',
  })
  @ApiConflictResponse({
    description: 'Not open for registration, externalReference already used, or the same key still in flight',
  })
  register(
    @Param('activityId', ParseUuid) activityId: string,
    @Body() input: RegistrationInputDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationView> {
    return this.registrations.register(activityId, input, registrantOf(principal));
  }

  @Post('registrations/bulk')
  @HttpCode(200)
  @Roles('organiser', 'admin', 'partner')
  @ApiOkResponse({
    type: BulkRegistrationResult,
    description: 'One answer per item, in the order of the request',
  })
  @ApiConflictResponse({ description: 'Strict mode: some item could not be registered; nothing was written' })
  @ApiBody({ type: BulkRegistrationDto })
  // For clients and the hostile-input test: a bad item is answered in its place, not refused with the request.
  @ApiExtension('x-answered-per-item', ['items'])
  registerBulk(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BulkRegistrationResult> {
    const input = bulkRequestOf(body);
    return this.registrations.registerBulk(input.items, input.strict ?? false, registrantOf(principal));
  }

  @Get('activities/:activityId/registrations')
  @Roles('organiser', 'admin', 'partner')
  @ApiProduces('application/json', CSV, XLSX)
  @ApiOkResponse({
    type: RegistrationList,
    description:
      'Partners see their own registrations only. Every read is audit-logged. With Accept: text/csv (RFC 4180, UTF-8 with BOM; ' +
      'cells that would be formulas start with an apostrophe) or the XLSX media type, the same rows as a file for the ' +
      "activity's organiser (organisers and admins only).",
  })
  async list(
    @Param('activityId', ParseUuid) activityId: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationList | StreamableFile> {
    const wanted = representationOf(accept);
    if (wanted === 'application/json') {
      return { items: await this.registrations.list(activityId, principal) };
    }
    if (!principal.roles.some((role) => role === 'organiser' || role === 'admin')) {
      throw new ForbiddenException('Only the activity’s organisers and admins export its registrations.');
    }
    const file = wanted === CSV ? await this.exports.csv(activityId, principal) : await this.exports.xlsx(activityId, principal);
    void reply.header('vary', 'Accept');
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }

  @Get('registrations/:id')
  @Roles('organiser', 'admin', 'partner')
  @ApiOkResponse({ type: RegistrationView, description: 'Audit-logged' })
  get(
    @Param('id', ParseUuid) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationView> {
    return this.registrations.get(id, principal);
  }

  @Post('registrations/:id/cancellation')
  @HttpCode(200)
  @Roles('organiser', 'admin', 'partner')
  @ApiOkResponse({
    type: RegistrationView,
    description: 'Partners until the deadline; organisers until the activity is held',
  })
  cancel(
    @Param('id', ParseUuid) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationView> {
    const registrant = registrantOf(principal);
    return this.registrations.cancel(id, registrant.registeredBy, registrant.partnerOrganisationId);
  }

  /** Partners' systems were built against this address: it stays until they have moved (NLGov /core/deprecation-schedule). */
  @Post('registrations/:id/cancel')
  @HttpCode(200)
  @Roles('organiser', 'admin', 'partner')
  @ApiOperation({ deprecated: true, summary: 'Deprecated: use POST /registrations/{id}/cancellation, which answers the same' })
  @ApiOkResponse({ type: RegistrationView, description: 'As POST /registrations/{id}/cancellation' })
  cancelAtFormerAddress(
    @Param('id', ParseUuid) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationView> {
    return this.cancel(id, principal);
  }

  /** The registrant came: their attendance is recorded (check-in). */
  @Post('activities/:activityId/registrations/:id/attendance')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: RegistrationView })
  checkIn(
    @Param('activityId', ParseUuid) activityId: string,
    @Param('id', ParseUuid) id: string,
  ): Promise<RegistrationView> {
    return this.registrations.checkIn(activityId, id);
  }

  /** The link in the registrant's mail: a page with a button, so that link scanners cancel nothing. */
  @Get('registration-cancellations/:id')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  confirmCancellation(
    @Param('id', ParseUuid) id: string,
    @Query() query: CancelRegistrationQuery,
  ): string {
    this.registrations.assertCancelLink(id, query.token);
    return cancellationPage('confirm', id, query.token);
  }

  @Post('registration-cancellations/:id')
  @Public()
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  async cancelByRegistrant(
    @Param('id', ParseUuid) id: string,
    @Query() query: CancelRegistrationQuery,
  ): Promise<string> {
    await this.registrations.cancelByRegistrant(id, query.token);
    return cancellationPage('done', id, query.token);
  }
}
