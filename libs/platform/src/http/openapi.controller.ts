import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Public } from '@deelwijs/identity';

/** Holds the document built once at start-up from the service's controllers. */
export class OpenApiDocument {
  document?: OpenAPIObject;
}

@ApiExcludeController()
@Controller('v1')
export class OpenApiController {
  constructor(private readonly holder: OpenApiDocument) {}

  @Public()
  @Get('openapi.json')
  @Header('content-type', 'application/json; charset=utf-8')
  openapi(): OpenAPIObject | undefined {
    return this.holder.document;
  }
}
