import { HEALTH_CHECKS, RedisConnection, type GatewayDefinition, type HealthChecks } from '@deelwijs/platform';
import { PortalConfig } from './config/portal.config';
import { registerForwardingRoutes } from './forwarding/forwarding.routes';
import { IdentityRecords } from './identity-admin/identity-records';
import { PortalModule } from './portal.module';
import { registerQueueBoard } from './queue-board/queue-board.routes';
import { registerWebAppRoutes, WEB_APP_CONTENT_SECURITY_POLICY } from './web-app/web-app.routes';

export const portalService: GatewayDefinition<PortalConfig> = {
  name: 'portal',
  configClass: PortalConfig,
  defaults: { PORT: '3000' },
  healthChecks: {
    provide: HEALTH_CHECKS,
    inject: [IdentityRecords, RedisConnection],
    useFactory: (identity: IdentityRecords, redis: RedisConnection): HealthChecks => ({
      nats: () => identity.ping(),
      redis: () => redis.client.ping(),
    }),
  },
  modules: (config) => [PortalModule.forRoot(config)],
  contentSecurityPolicy: WEB_APP_CONTENT_SECURITY_POLICY,
  configure: (app, config) => {
    registerForwardingRoutes(app, config);
    registerQueueBoard(app, config);
    registerWebAppRoutes(app, config);
  },
};
