import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { PortalConfig } from '../config/portal.config';
import { FORWARDED_SERVICES } from './forwarded-services';
import { ForwardingService } from './forwarding.service';

/**
 * The forwarding routes, on Fastify directly rather than as a Nest controller: in their own
 * plugin scope no body parser runs, so a body (JSON, multipart, YAML) reaches the service as
 * the browser sent it, streamed, whatever its size or type.
 */
export function registerForwardingRoutes(app: NestFastifyApplication, config: PortalConfig): void {
  const forwarding = app.get(ForwardingService);
  void app.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    for (const service of FORWARDED_SERVICES) {
      for (const url of [`/api/${service}`, `/api/${service}/*`]) {
        scope.route({
          method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
          url,
          bodyLimit: config.FORWARD_BODY_LIMIT_BYTES,
          exposeHeadRoute: false,
          handler: (request, reply) => forwarding.forward(service, request, reply),
        });
      }
    }
  });
}
