import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Public } from '@deelwijs/identity';

/** swagger-ui-dist's files the page loads, served from this process: no CDN, so a strict CSP ('self') allows them. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/**
 * Set up from a file, not inline, for the same CSP. "Try it out" sends an API key (X-API-Key)
 * or a bearer token as the operation's security says; persistAuthorization keeps what was
 * entered across reloads of the page. Opened through the portal (/api/<service>/docs), calls
 * to /v1/... go to /api/<service>/... instead, which the portal forwards with the person's
 * session (reads; a state-changing call needs the portal's CSRF token, so use the service's
 * own page with a token for those).
 */
const INIT_SCRIPT = `window.onload = function () {
  var base = window.location.pathname.replace(/docs\\/?$/, '');
  window.ui = SwaggerUIBundle({
    url: './openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    requestInterceptor: function (request) {
      var url = new URL(request.url, window.location.href);
      if (base !== '/v1/' && url.origin === window.location.origin && url.pathname.indexOf('/v1/') === 0) {
        url.pathname = base + url.pathname.slice(4);
        request.url = url.toString();
      }
      return request;
    },
  });
};
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>API documentation</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="stylesheet" href="./docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="./docs/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./docs/swagger-ui-bundle.js"></script>
    <script src="./docs/swagger-ui-standalone-preset.js"></script>
    <script src="./docs/init.js"></script>
  </body>
</html>
`;

const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Swagger UI at /v1/docs over the service's own /v1/openapi.json. The page at /v1/docs links
 * its files as ./docs/<file>, so it works under any prefix a proxy adds, with or without a
 * trailing slash handled by the redirect below.
 */
@ApiExcludeController()
@Controller('v1')
export class ApiDocsController {
  private readonly assets = new Map<string, Buffer>();

  @Public()
  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  // The one page of the API that runs scripts: its own files only, and calls to its own origin
  // ("Try it out"); Swagger UI's icons are data: URIs. Replaces the API's 'none' policy (edge.ts).
  @Header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY)
  page(): string {
    return PAGE;
  }

  @Public()
  @Get('docs/init.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  init(): string {
    return INIT_SCRIPT;
  }

  @Public()
  @Get('docs/:asset')
  asset(@Param('asset') name: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const type = ASSETS[name];
    if (!type) {
      throw new NotFoundException(`No file ${name} in the API documentation.`);
    }
    let content = this.assets.get(name);
    if (!content) {
      content = readFileSync(path.join(path.dirname(require.resolve('swagger-ui-dist/package.json')), name));
      this.assets.set(name, content);
    }
    // The files belong to the installed swagger-ui-dist version: cached for a day, not for ever.
    void reply.header('content-type', type).header('cache-control', 'public, max-age=86400');
    return content;
  }
}
