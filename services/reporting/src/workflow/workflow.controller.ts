import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { ActionParams, ExplanationBody, PeriodParams, PrestatieParams, RejectionBody, WorkflowView } from '../reports/dto/report.dto';
import { WorkflowService } from './workflow.service';

/** The report workflow of a period: explain, submit, approve or send back. */
@ApiTags('report workflow')
@ApiSecurity('bearer')
@Controller('v1/programmes/:code/reports/:period')
export class WorkflowController {
  constructor(private readonly workflow: WorkflowService) {}

  @Put('explanations/:prestatie')
  @Roles('reporter')
  @ApiOkResponse({ type: WorkflowView, description: 'The explanation ("toelichting op voortgang") is stored.' })
  @ApiConflictResponse({ description: 'The period is submitted or approved.' })
  explain(@Param() params: PrestatieParams, @Body() body: ExplanationBody, @CurrentPrincipal() principal: Principal) {
    return this.workflow.explain(params.code, params.period, params.prestatie, { nl: body.nl, ...(body.en ? { en: body.en } : {}) }, principal);
  }

  @Put('realisations/:prestatie/actions/:action')
  @Roles('reporter')
  @ApiOkResponse({ type: WorkflowView, description: 'The realisation text under the action is stored; the figures are counted by the service.' })
  @ApiConflictResponse({ description: 'The period is submitted or approved.' })
  writeRealisation(@Param() params: ActionParams, @Body() body: ExplanationBody, @CurrentPrincipal() principal: Principal) {
    const text = { nl: body.nl, ...(body.en ? { en: body.en } : {}) };
    return this.workflow.writeRealisation(params.code, params.period, params.prestatie, params.action, text, principal);
  }

  @Post('submission')
  @HttpCode(200)
  @Roles('reporter')
  @ApiOkResponse({ description: 'The report as submitted, its figures frozen.' })
  @ApiConflictResponse({ description: 'Not a draft, or the period has not ended.' })
  submit(@Param() params: PeriodParams, @CurrentPrincipal() principal: Principal) {
    return this.workflow.submit(params.code, params.period, principal);
  }

  @Post('approval')
  @HttpCode(200)
  @Roles('approver')
  @ApiOkResponse({ description: 'The report as approved; the period is locked and subscribers are sent the report.' })
  @ApiConflictResponse({ description: 'The report is not submitted.' })
  approve(@Param() params: PeriodParams, @CurrentPrincipal() principal: Principal) {
    return this.workflow.approve(params.code, params.period, principal);
  }

  @Post('rejection')
  @HttpCode(200)
  @Roles('approver')
  @ApiOkResponse({ type: WorkflowView, description: 'The report is a draft again, with the reason.' })
  reject(@Param() params: PeriodParams, @Body() body: RejectionBody, @CurrentPrincipal() principal: Principal) {
    return this.workflow.reject(params.code, params.period, body.reason, principal);
  }
}
