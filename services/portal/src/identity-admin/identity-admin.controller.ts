import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { ApiKeyListQuery, CreateApiKeyDto, CreateOrganisationDto } from './dto';
import { IdentityAdminService, type ApiKeyView } from './identity-admin.service';

/** Organisations and partner API keys (docs/portal-contract.md, "Partner API keys"). */
@ApiExcludeController()
@Controller('api/identity')
@Roles('partner', 'admin')
export class IdentityAdminController {
  constructor(private readonly identity: IdentityAdminService) {}

  @Get('organisations')
  organisations(@CurrentPrincipal() caller: Principal) {
    return this.identity.organisations(caller);
  }

  /** Admins only, like `npm run admin -- create-organisation`. */
  @Post('organisations')
  @Roles('admin')
  create(@Body() body: CreateOrganisationDto) {
    return this.identity.registerOrganisation(body.name);
  }

  @Get('api-keys')
  keys(@CurrentPrincipal() caller: Principal, @Query() query: ApiKeyListQuery): ApiKeyView[] {
    return this.identity.keys(caller, query.organisationId);
  }

  /** The key is in this answer only, never again. */
  @Post('api-keys')
  issue(@CurrentPrincipal() caller: Principal, @Body() body: CreateApiKeyDto) {
    return this.identity.issue(caller, body.label, body.organisationId, body.roles);
  }

  @Post('api-keys/:id/revocation')
  @HttpCode(204)
  async revoke(@CurrentPrincipal() caller: Principal, @Param('id', new ParseUUIDPipe()) keyId: string): Promise<void> {
    await this.identity.revoke(caller, keyId);
  }
}
