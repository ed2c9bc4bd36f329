import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
} from 'class-validator';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Roles } from '@deelwijs/identity';
import { LANGUAGES, type Language } from '../reports/i18n';
import { ProgrammeParams } from '../reports/dto/report.dto';
import { ProgrammeSchema } from './programme.schema';
import { ProgrammesService } from './programmes.service';

class ExportQuery {
  @ApiPropertyOptional({ enum: ['json', 'yaml'], description: 'Overrides the Accept header.' })
  @IsOptional()
  @IsIn(['json', 'yaml'])
  format?: 'json' | 'yaml';
}

class ListQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, default: 'nl', description: 'The language of the titles: Dutch by default; English where the programme has it, else Dutch.' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}

class ProgrammeSummary {
  @ApiProperty() code: string;
  @ApiProperty({ description: 'In the language asked for (lang).' }) title: string;
  @ApiProperty({ example: { start: '2026-01-01', end: '2026-12-31' } }) period: { start: string; end: string };
  @ApiProperty({ description: 'Work naming no programme counts in the default programme of its period.' }) isDefaultForPeriod: boolean;
  @ApiProperty({ example: ['7.2.3', '9.1.6'] }) prestaties: string[];
  @ApiProperty({ description: 'Increases with every change; the version of the programme events.' }) revision: number;
  @ApiPropertyOptional({ description: 'Set once withdrawn: no new work may name the programme.' }) withdrawnAt?: string;
}

class Withdrawal {
  @ApiProperty() code: string;
  @ApiProperty({ description: 'The version of reporting.programme.withdrawn.v1.' }) version: number;
  @ApiProperty() withdrawnAt: string;
}

class ProgrammeList {
  @ApiProperty({ type: [ProgrammeSummary] }) items: ProgrammeSummary[];
}

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** Programme definitions: prestaties with their indicators, imported and exported as YAML or JSON. */
@ApiTags('programmes')
@ApiSecurity('bearer')
@Controller('v1/programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: ProgrammeList })
  async list(@Query() query: ListQuery): Promise<ProgrammeList> {
    return { items: await this.programmes.list(query.lang ?? 'nl') };
  }

  @Put(':code')
  @Roles('admin')
  @ApiBody({
    description: 'The programme definition, as JSON or as YAML (Content-Type: application/yaml).',
    schema: z.toJSONSchema(ProgrammeSchema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as object,
  })
  @ApiOkResponse({ description: 'Replaced (200) or created (201); the definition as stored.' })
  async import(
    @Param() params: ProgrammeParams,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const yaml = YAML_TYPES.some((type) => contentType?.startsWith(type));
    const result = await this.programmes.import(params.code, body, yaml ? 'yaml' : 'json');
    void reply.status(result.created ? HttpStatus.CREATED : HttpStatus.OK);
    return result.definition;
  }

  /** Withdraws a programme: published as reporting.programme.withdrawn.v1; its reports stay readable. */
  @Post(':code/withdrawal')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: Withdrawal })
  async withdraw(@Param() params: ProgrammeParams): Promise<Withdrawal> {
    return this.programmes.withdraw(params.code);
  }

  @Get(':code')
  @Roles('reporter', 'approver', 'admin')
  @ApiProduces('application/json', 'application/yaml')
  @ApiOkResponse({ description: 'The definition, ready to import elsewhere.' })
  async export(@Param() params: ProgrammeParams, @Query() query: ExportQuery, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply) {
    const format = query.format ?? (YAML_TYPES.some((type) => accept?.includes(type)) ? 'yaml' : 'json');
    const text = await this.programmes.export(params.code, format);
    return reply
      .header('content-type', format === 'yaml' ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8')
      .send(text);
  }
}
