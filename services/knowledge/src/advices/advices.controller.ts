import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { AdviceQueryDto, AdviceView, AnswerAdviceDto, FollowUpDto, IssueAdviceDto } from './dto/advice.dto';
import { AdvicesService } from './advices.service';


@ApiTags('advices')
@ApiSecurity('bearer')
@Controller('v1/advices')
export class AdvicesController {
  constructor(private readonly advices: AdvicesService) {}

  @Post()
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Uitgebracht advies vastleggen / record an issued advice (emits AdviceIssuedV1)' })
  @ApiCreatedResponse({ type: AdviceView })
  issue(@CurrentPrincipal() principal: Principal, @Body() body: IssueAdviceDto) {
    return this.advices.issue(principal, body);
  }

  @Get()
  @Roles('editor', 'admin', 'reporter')
  @ApiOkResponse({ type: [AdviceView] })
  list(@Query() query: AdviceQueryDto) {
    return this.advices.list(query);
  }

  @Get(':adviceId')
  @Roles('editor', 'admin', 'reporter')
  @ApiOkResponse({ type: AdviceView })
  get(@Param('adviceId', ParseUuid) adviceId: string) {
    return this.advices.get(adviceId);
  }

  @Post(':adviceId/answer')
  @HttpCode(200)
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Reactie van de provincie / the province answers (emits AdviceAnsweredV1)' })
  @ApiOkResponse({ type: AdviceView })
  answer(@CurrentPrincipal() principal: Principal, @Param('adviceId', ParseUuid) adviceId: string, @Body() body: AnswerAdviceDto) {
    return this.advices.answer(principal, adviceId, body);
  }

  @Post(':adviceId/follow-ups')
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Opvolging vastleggen / record follow-up of an answered advice' })
  @ApiCreatedResponse({ type: AdviceView })
  followUp(@CurrentPrincipal() principal: Principal, @Param('adviceId', ParseUuid) adviceId: string, @Body() body: FollowUpDto) {
    return this.advices.followUp(principal, adviceId, body);
  }
}
