import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles, type Principal } from '@deelwijs/identity';
import { AggregateQueryDto, CreateEvaluationFormDto, EvaluationResponseDto, FormStateDto } from './dto/evaluation.dto';
import { EvaluationsService } from './evaluations.service';


@ApiTags('evaluations')
@ApiSecurity('bearer')
@Controller('v1')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post('evaluation-forms')
  @Roles('editor', 'organiser', 'admin')
  @ApiOperation({ summary: 'Evaluatieformulier voor een activiteit / evaluation form for an activity' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateEvaluationFormDto) {
    return this.evaluations.createForm(principal, body);
  }

  @Get('evaluation-forms/:formId')
  @Public()
  @ApiOperation({ summary: 'Het formulier om in te vullen / the form to fill in (anonymous)' })
  form(@Param('formId', ParseUuid) formId: string) {
    return this.evaluations.getForm(formId);
  }

  @Patch('evaluation-forms/:formId')
  @Roles('editor', 'organiser', 'admin')
  @ApiOperation({ summary: 'Formulier openen of sluiten / open or close the form' })
  setOpen(@CurrentPrincipal() principal: Principal, @Param('formId', ParseUuid) formId: string, @Body() body: FormStateDto) {
    return this.evaluations.setOpen(principal, formId, body.open);
  }

  @Post('evaluation-forms/:formId/responses')
  @HttpCode(202)
  @Public()
  @ApiOperation({ summary: 'Anoniem antwoord / anonymous response; nothing about the respondent is stored' })
  respond(@Param('formId', ParseUuid) formId: string, @Body() body: EvaluationResponseDto) {
    return this.evaluations.respond(formId, body);
  }

  @Get('evaluation-forms/:formId/results')
  @Roles('editor', 'organiser', 'reporter', 'admin')
  results(@Param('formId', ParseUuid) formId: string) {
    return this.evaluations.results(formId);
  }

  @Get('evaluation-aggregates')
  @Roles('editor', 'organiser', 'reporter', 'admin')
  @ApiOperation({ summary: 'Leereffecten per activiteit, prestatie en periode / learning effects aggregated' })
  aggregates(@Query() query: AggregateQueryDto) {
    return this.evaluations.aggregates(query);
  }
}
