import { createServer } from 'node:http';
import IORedis from 'ioredis';
import { EventNamespace } from '@deelwijs/contracts';
import { DEMO_ACCOUNTS, DEMO_PARTNER_ORGANISATION, IdentityAdmin, IdentityDirectory } from '@deelwijs/identity';
import { JsonLogger } from '@deelwijs/observability';
import { ConfigError, identityAdminOptions, loadConfig } from '@deelwijs/platform';
import { IdentityProviderConfig } from './identity-provider.config';
import { createIdentityProvider } from './identity-provider';
import { loadOrCreateKeys } from './provider-keys';

const logger = new JsonLogger({ service: 'identity-provider', level: process.env.LOG_LEVEL || 'info' });

async function main(): Promise<void> {
  let config: IdentityProviderConfig;
  try {
    config = loadConfig(IdentityProviderConfig, process.env, { PORT: '3004' }, {
      warn: (message) => process.stderr.write(`identity-provider: WARNING ${message}\n`),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`identity-provider: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const namespace = new EventNamespace(config.EVENTS_NAMESPACE);
  const redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  const { handle } = await createIdentityProvider({
    issuer: config.OIDC_PROVIDER_ISSUER,
    audience: config.OIDC_AUDIENCE,
    keys: loadOrCreateKeys(config.OIDC_PROVIDER_KEYS_FILE),
    client: { clientId: config.PORTAL_CLIENT_ID, clientSecret: config.PORTAL_CLIENT_SECRET, portalUrls: config.PORTAL_URLS },
    accounts: DEMO_ACCOUNTS,
    password: config.DEMO_PASSWORD,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    sessionTtlSeconds: config.SESSION_TTL_SECONDS,
    redis: { client: redis, prefix: `deelwijs:${namespace.prefix || 'main'}-oidc:` },
  });
  if (!config.SKIP_DEMO_ORGANISATION) {
    await registerDemoPartner(config, namespace);
  }
  const server = createServer((request, response) => {
    if (request.url === '/health' || request.url === '/health/ready' || request.url === '/health/live') {
      response.setHeader('content-type', 'application/json');
      response.end('{"status":"up"}');
      return;
    }
    handle(request, response);
  });
  server.listen(config.PORT, config.HOST);
  logger.log({ msg: 'listening', port: config.PORT, issuer: config.OIDC_PROVIDER_ISSUER, pid: process.pid }, 'Bootstrap');
  const stop = () => {
    server.close();
    server.closeAllConnections();
    redis.disconnect();
    logger.flush();
    setTimeout(() => process.exit(0), 100).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** The demo partner's organisation must be in the IDENTITY stream (with its fixed id) before its account signs in. */
async function registerDemoPartner(config: IdentityProviderConfig, namespace: EventNamespace): Promise<void> {
  const admin = await IdentityAdmin.connect(identityAdminOptions(config, 'identity-provider'));
  try {
    const directory = await IdentityDirectory.open(admin.connection, namespace, admin.verifier);
    if (!directory.organisation(DEMO_PARTNER_ORGANISATION.organisationId)) {
      await admin.registerOrganisation(DEMO_PARTNER_ORGANISATION.name, DEMO_PARTNER_ORGANISATION.organisationId);
      logger.log({ msg: 'registered the demo partner organisation', organisationId: DEMO_PARTNER_ORGANISATION.organisationId }, 'Bootstrap');
    }
    await directory.close();
  } finally {
    await admin.close();
  }
}

main().catch((error: unknown) => {
  logger.fatal({ msg: 'start-up failed', err: error }, 'Bootstrap');
  logger.flush();
  process.exit(1);
});
