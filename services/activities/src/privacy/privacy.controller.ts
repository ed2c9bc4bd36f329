import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CurrentPrincipal, Public, Roles, type Principal } from '@deelwijs/identity';
import { PrivacyService } from './privacy.service';

class ErasureView {
  @ApiProperty({ format: 'uuid' }) registrationId: string;
  @ApiProperty({ format: 'uuid' }) activityId: string;
  @ApiProperty({ format: 'date-time', description: 'When the details were first erased' }) erasedAt: string;
}

class RegistrantTokenQuery {
  @ApiProperty({ description: "The token of the registrant's cancel link" })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the token of the cancel link' })
  token: string;
}

/**
 * A registrant's right to erasure: asked of staff, or by the registrant with the token of
 * the link in their mails. The registration stays, without who it was, so counts stay right.
 */
@ApiTags('privacy')
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
    @Param('registrationId', new ParseUUIDPipe()) registrationId: string,
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
    @Param('registrationId', new ParseUUIDPipe()) registrationId: string,
    @Query() query: RegistrantTokenQuery,
  ): Promise<ErasureView> {
    return this.privacy.eraseByRegistrant(registrationId, query.token);
  }
}
