import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { InvalidInputException } from '../http/problem-details.filter';
import { PersonalData } from '../http/personal-data';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { IgnoresIdempotencyKey } from '../idempotency/ignores-idempotency-key.decorator';
import { PERSONAL_DATA_HOLDER, type PersonalDataHolder } from './personal-data-holder';
import {
  ErasureOutcomeView,
  PersonalDataAuditQueryDto,
  PersonalDataAuditView,
  SubjectAccessView,
  SubjectRequestDto,
} from './privacy.dto';
import { normaliseEmail, subjectHash } from './subject';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

/**
 * The privacy officer's endpoints, the same in every service that holds personal data (its
 * module lists this controller and provides PERSONAL_DATA_HOLDER): a person's subject access
 * request and erasure by e-mail address, and the audit of personal data. `npm run admin --
 * privacy ...` calls every service and combines the answers.
 */
@ApiTags('privacy')
@ApiSecurity('bearer')
@PersonalData()
// Nothing here is kept as an Idempotency-Key's answer: an export of everything about a person
// must not be copied, and an erasure is idempotent by itself.
@IgnoresIdempotencyKey()
@Controller('v1/privacy')
export class PrivacyRequestsController {
  constructor(
    @Inject(PERSONAL_DATA_HOLDER) private readonly holder: PersonalDataHolder,
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('subject-access')
  @HttpCode(200)
  @Roles('privacy-officer')
  @ApiOperation({ summary: 'Inzageverzoek / subject access: everything this service holds about an e-mail address (audited)' })
  @ApiOkResponse({ type: SubjectAccessView })
  async subjectAccess(@Body() body: SubjectRequestDto, @CurrentPrincipal() principal: Principal): Promise<SubjectAccessView> {
    const email = normaliseEmail(body.email);
    return { service: this.service, email, data: await this.holder.subjectAccess(email, principal) };
  }

  @Post('erasures')
  @HttpCode(200)
  @Roles('privacy-officer')
  @ApiOperation({ summary: 'Verwijderverzoek / erasure of everything this service holds about an e-mail address; idempotent, audited' })
  @ApiOkResponse({ type: ErasureOutcomeView })
  async erase(@Body() body: SubjectRequestDto, @CurrentPrincipal() principal: Principal): Promise<ErasureOutcomeView> {
    const email = normaliseEmail(body.email);
    const outcome = await this.holder.erase(email, principal);
    // Answers kept for a day for Idempotency-Key retries (a registration's holds its contact's
    // address) are copies of what was just erased: they go too, uncounted.
    await this.idempotency.forgetAnswersMentioning(email);
    return { service: this.service, ...outcome };
  }

  @Get('audit')
  @Roles('privacy-officer')
  @ApiOperation({ summary: 'The audit of personal data for a period, optionally about one person; reading it is audited' })
  @ApiOkResponse({ type: PersonalDataAuditView })
  async audit(@Query() query: PersonalDataAuditQueryDto, @CurrentPrincipal() principal: Principal): Promise<PersonalDataAuditView> {
    const [from, to] = [new Date(query.from), new Date(query.to)];
    if (!(from < to)) {
      throw new InvalidInputException([{ name: 'to', reason: 'must be after from' }]);
    }
    const items = await this.holder.audit(
      { from, to, subject: query.email ? { email: normaliseEmail(query.email), hash: subjectHash(query.email) } : undefined, limit: query.limit },
      principal,
    );
    return { service: this.service, items };
  }
}
