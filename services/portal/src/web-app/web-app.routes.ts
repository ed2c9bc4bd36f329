import { NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from '@deelwijs/platform';
import type { PortalConfig } from '../config/portal.config';
import { WebAppAssets, type Asset } from './web-app-assets';

/** Paths that belong to the backend: an unknown one is a 404, never the app's page. */
const BACKEND_PATHS = /^\/(api|auth|health)(\/|$)/;

/**
 * What the web app may load: its own files, inline styles (the NL Design System components set
 * some), data: images and fonts; no framing. The other security headers are the platform's, on
 * every answer of the portal (see applyEdgeConventions in libs/platform).
 */
export const WEB_APP_CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'object-src': ["'none'"],
};

/**
 * The web app at `/`: a file when one has that name, else index.html (the app routes in the
 * browser), compressed as the client accepts, with an ETag; hashed assets cached for a year.
 */
export function registerWebAppRoutes(app: NestFastifyApplication, config: PortalConfig): WebAppAssets {
  const assets = WebAppAssets.load(config.WEB_APP_DIR);
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?')[0];
      if (BACKEND_PATHS.test(pathname)) {
        const problem = toProblem(new NotFoundException(`Cannot ${request.method} ${pathname}`), pathname);
        void reply.status(404).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
        return;
      }
      const file = assets.file(pathname);
      send(request, reply, file ?? assets.index);
    });
  return assets;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset): void {
  void reply.header('content-type', asset.contentType).header('cache-control', asset.cacheControl);
  void reply.header('etag', asset.etag).header('vary', 'Accept-Encoding');
  if (request.headers['if-none-match'] === asset.etag) {
    void reply.status(304).send();
    return;
  }
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (asset.br && /\bbr\b/.test(accepted)) {
    void reply.header('content-encoding', 'br').send(asset.br);
  } else if (asset.gzip && /\bgzip\b/.test(accepted)) {
    void reply.header('content-encoding', 'gzip').send(asset.gzip);
  } else {
    void reply.send(asset.body);
  }
}
