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
  // /core/transport/cors: any origin may read the document (a viewer, a generator), whatever
  // CORS_ALLOWED_ORIGINS says for the API itself; it holds nothing secret and needs no credentials.
  @Header('access-control-allow-origin', '*')
  openapi(): OpenAPIObject | undefined {
    return this.holder.document;
  }
}
