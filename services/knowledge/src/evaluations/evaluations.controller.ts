import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CurrentPrincipal, Public, Roles, type Principal } from '@deelwijs/identity';
import { CreateEvaluationFormDto, EvaluationResponseDto, FormStateDto } from './dto/evaluation.dto';
import { EvaluationsService } from './evaluations.service';

class AggregateQueryDto {
  @ApiPropertyOptional({ enum: ['activity', 'prestatie'] })
  @IsOptional()
  @IsIn(['activity', 'prestatie'])
  scope?: string;

  @ApiPropertyOptional({ description: 'Activiteit-id of prestatiecode / activity id or prestatie code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  key?: string;

  @ApiPropertyOptional({ example: '2026-Q1' })
  @IsOptional()
  @Matches(/^[0-9]{4}(-Q[1-4]|-[0-9]{2})?$/, { message: 'period must look like 2026, 2026-Q1 or 2026-03' })
  period?: string;
}

const uuid = new ParseUUIDPipe();

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
  form(@Param('formId', uuid) formId: string) {
    return this.evaluations.getForm(formId);
  }

  @Patch('evaluation-forms/:formId')
  @Roles('editor', 'organiser', 'admin')
  @ApiOperation({ summary: 'Formulier openen of sluiten / open or close the form' })
  setOpen(@CurrentPrincipal() principal: Principal, @Param('formId', uuid) formId: string, @Body() body: FormStateDto) {
    return this.evaluations.setOpen(principal, formId, body.open);
  }

  @Post('evaluation-forms/:formId/responses')
  @HttpCode(202)
  @Public()
  @ApiOperation({ summary: 'Anoniem antwoord / anonymous response; nothing about the respondent is stored' })
  respond(@Param('formId', uuid) formId: string, @Body() body: EvaluationResponseDto) {
    return this.evaluations.respond(formId, body);
  }

  @Get('evaluation-forms/:formId/results')
  @Roles('editor', 'organiser', 'reporter', 'admin')
  results(@Param('formId', uuid) formId: string) {
    return this.evaluations.results(formId);
  }

  @Get('evaluation-aggregates')
  @Roles('editor', 'organiser', 'reporter', 'admin')
  @ApiOperation({ summary: 'Leereffecten per activiteit, prestatie en periode / learning effects aggregated' })
  aggregates(@Query() query: AggregateQueryDto) {
    return this.evaluations.aggregates(query);
  }
}
