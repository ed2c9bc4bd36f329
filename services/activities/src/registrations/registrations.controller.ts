import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtension,
  ApiOkResponse,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles, type Principal } from '@deelwijs/identity';
import { ParseUuid, PersonalData } from '@deelwijs/platform';
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

/** Every answer here carries a registrant's details, or the page of their own cancel link: never cached. */
@ApiTags('registrations')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@PersonalData()
@Controller('v1')
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

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
  @ApiOkResponse({
    type: RegistrationList,
    description: 'Partners see their own registrations only. Every read is audit-logged.',
  })
  async list(
    @Param('activityId', ParseUuid) activityId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationList> {
    return { items: await this.registrations.list(activityId, principal) };
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

  @Post('registrations/:id/cancel')
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

  @Post('activities/:activityId/registrations/:id/check-in')
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
