import { Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles, type Principal } from '@deelwijs/identity';
import { PersonalData } from '@deelwijs/platform';
import { ErasureView, RegistrantTokenQuery } from './dto/privacy.dto';
import { PrivacyService } from './privacy.service';

/**
 * A registrant's right to erasure: asked of staff, or by the registrant with the token of
 * the link in their mails. The registration stays, without who it was, so counts stay right.
 */
@ApiTags('privacy')
@PersonalData()
@Controller('v1')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Post('registrations/:registrationId/erasure')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiSecurity('bearer')
  @ApiOkResponse({
    type: ErasureView,
    description: "The registrant's contact details, school and class are erased; audit-logged",
  })
  @ApiNotFoundResponse({ description: 'No such registration' })
  erase(
    @Param('registrationId', ParseUuid) registrationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ErasureView> {
    return this.privacy.erase(registrationId, principal);
  }

  @Post('registration-erasures/:registrationId')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({
    type: ErasureView,
    description: 'The registrant erased their own details with the token of their cancel link',
  })
  @ApiForbiddenResponse({ description: 'The token does not belong to this registration' })
  eraseByRegistrant(
    @Param('registrationId', ParseUuid) registrationId: string,
    @Query() query: RegistrantTokenQuery,
  ): Promise<ErasureView> {
    return this.privacy.eraseByRegistrant(registrationId, query.token);
  }
}
