import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { MessagingModule } from '@deelwijs/messaging';
import { Correlation, JsonLogger, startTracing } from '@deelwijs/observability';
import { readSecretFiles, secretSettingsOf } from './config/secret-settings';
import { ConfigError, loadConfig, type BaseServiceConfig, type ServiceConfig } from './config/service-config';
import { applyEdgeConventions, trustProxyOption } from './http/edge';
import { addValidationLimits, handlerInputs } from './http/input/openapi-limits';
import { applyDesignConventions } from './http/api-rules/design-conventions';
import { refuseDeeplyNestedBodies, refuseNonObjectJsonBodies } from './http/json-depth';
import { instrumentHttp } from './metrics/http-metrics';
import { traceHttp } from './metrics/http-tracing';
import { OpenApiDocument } from './http/openapi.controller';
import { InvalidInputException, toProblem } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation';
import { documentIdempotencyKey } from './idempotency/idempotency-openapi';
import { allMigrations, PlatformModule } from './platform.module';
import { postgresOptions } from '@deelwijs/persistence';

@Module({})
class ServiceRootModule {}

export const API_VERSION = '1.0.0';
const CORRELATION_HEADER = 'x-correlation-id';

export interface ServiceDefinition<C extends ServiceConfig = ServiceConfig> {
  name: string;
  title: string;
  description: string;
  configClass: new () => C;
  defaults: Partial<Record<keyof C, string>>;
  entities: Function[];
  /** The service's own migrations, oldest first; the platform adds the messaging and identity tables. */
  migrations: Function[];
  /** The service's feature modules; the platform module around them is global. */
  modules: (config: C) => Array<Type<unknown> | DynamicModule>;
  /** Called before the app is initialised, e.g. to register a Fastify plugin (multipart uploads). */
  configure?: (app: NestFastifyApplication, config: C) => void | Promise<void>;
}

/**
 * Starts a service the one way all of them start: validated config (exit on a bad variable,
 * naming it), JSON logs, Fastify with the NLGov conventions, migrations, the durable event
 * transport, OpenAPI at /v1/openapi.json, then listening. Shuts down gracefully on SIGTERM.
 */
export async function bootstrapService<C extends ServiceConfig>(definition: ServiceDefinition<C>): Promise<INestApplication> {
  return startProcess(definition, (config, logger) => createServiceApp(definition, config, logger));
}

/** A process on the platform without a database or event consumers of its own: the portal. */
export interface GatewayDefinition<C extends BaseServiceConfig = BaseServiceConfig> {
  name: string;
  configClass: new () => C;
  defaults: Partial<Record<keyof C, string>>;
  /** Provides HEALTH_CHECKS: what /health probes. */
  healthChecks: Provider;
  modules: (config: C) => Array<Type<unknown> | DynamicModule>;
  /** The Content-Security-Policy of its answers, when it serves more than an API (the portal serves the web app). */
  contentSecurityPolicy?: Record<string, string[]>;
  /** Called before the app is initialised, e.g. to register Fastify plugins and raw routes. */
  configure?: (app: NestFastifyApplication, config: C) => void | Promise<void>;
}

export async function bootstrapGateway<C extends BaseServiceConfig>(definition: GatewayDefinition<C>): Promise<INestApplication> {
  return startProcess(definition, (config, logger) => createGatewayApp(definition, config, logger));
}

export async function createGatewayApp<C extends BaseServiceConfig>(
  definition: GatewayDefinition<C>,
  config: C,
  logger: JsonLogger,
): Promise<NestFastifyApplication> {
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [
      PlatformModule.forGateway({ service: definition.name, config, healthChecks: definition.healthChecks }),
      ...definition.modules(config),
    ],
  };
  const app = await NestFactory.create<NestFastifyApplication>(root, fastifyAdapter(config, definition.contentSecurityPolicy), {
    logger,
    bufferLogs: false,
    abortOnError: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  await definition.configure?.(app, config);
  await app.init();
  return app;
}

async function startProcess<C extends BaseServiceConfig>(
  definition: { name: string; configClass: new () => C; defaults: Partial<Record<keyof C, string>> },
  create: (config: C, logger: JsonLogger) => Promise<NestFastifyApplication>,
): Promise<INestApplication> {
  const logger = new JsonLogger({ service: definition.name, level: process.env.LOG_LEVEL || 'info' });
  startTracing(definition.name);
  let config: C;
  try {
    config = loadConfig(definition.configClass, process.env, definition.defaults, {
      warn: (message) => {
        logger.warn({ msg: message }, 'Config');
        process.stderr.write(`${definition.name}: WARNING ${message}\n`);
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal({ msg: error.message, problems: error.problems }, 'Config');
      logger.flush();
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  try {
    const app = await create(config, logger);
    await app.listen(config.PORT, config.HOST);
    logger.log({ msg: 'listening', port: config.PORT, pid: process.pid }, 'Bootstrap');
    return app;
  } catch (error) {
    logger.fatal({ msg: 'start-up failed', err: error }, 'Bootstrap');
    logger.flush();
    process.exit(1);
  }
}

/**
 * Fastify with the NLGov conventions: body limits, JSON depth, correlation id and API-Version on
 * every answer; behind the trusted proxies only, with security headers and CORS (see edge.ts).
 */
function fastifyAdapter(config: BaseServiceConfig, contentSecurityPolicy?: Record<string, string[]>): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    // Fastify's own 414 (application/json) for a long path parameter would come before the
    // input pipe, which refuses it naming the parameter; the request line's size bounds it.
    routerOptions: { maxParamLength: 16_384 },
    // A URL Fastify cannot route (malformed %-escapes) is refused as problem+json too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const problem = toProblem(
        new InvalidInputException([{ name: 'path', reason: `path ${error.message.replace(/^'.*' /s, '')}` }]),
        request.url,
      );
      void reply.status(400).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
    },
    trustProxy: trustProxyOption(config.TRUST_PROXY),
  });
  applyEdgeConventions(adapter, config, contentSecurityPolicy);
  const fastify = adapter.getInstance();
  refuseDeeplyNestedBodies(fastify, config.HTTP_JSON_MAX_DEPTH);
  refuseNonObjectJsonBodies(fastify);
  traceHttp(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers[CORRELATION_HEADER];
    const id = typeof incoming === 'string' && /^[\w.:-]{1,200}$/.test(incoming) ? incoming : randomUUID();
    void reply.header(CORRELATION_HEADER, id);
    void reply.header('API-Version', API_VERSION);
    Correlation.run(id, done);
  });
  instrumentHttp(fastify, config.HTTP_REQUEST_LOG);
  return adapter;
}

export async function createServiceApp<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  logger: JsonLogger,
): Promise<NestFastifyApplication> {
  const adapter = fastifyAdapter(config);
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [
      PlatformModule.forRoot({
        service: definition.name,
        config,
        entities: definition.entities,
        migrations: definition.migrations,
      }),
      ...definition.modules(config),
    ],
  };
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger,
    bufferLogs: false,
    abortOnError: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  await definition.configure?.(app, config);
  MessagingModule.connectTransport(app);
  await app.init();
  await app.startAllMicroservices();
  const document = documentIdempotencyKey(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(definition.title)
      .setDescription(definition.description)
      .setVersion(API_VERSION)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
  ));
  // The NLGov conventions last: the limits are written by the routes' own paths (with /v1).
  app.get(OpenApiDocument).document = applyDesignConventions(addValidationLimits(document, handlerInputs(app)));
  return app;
}

/** A data source for the migration command: only DATABASE_URL (or DATABASE_URL_FILE) is read, nothing else is needed. */
export function migrationDataSourceOptions(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env) {
  const fromFile = readSecretFiles(
    env,
    secretSettingsOf(definition.configClass).filter((setting) => setting.name === 'DATABASE_URL'),
  );
  if (fromFile.problems.length > 0) {
    throw new ConfigError(fromFile.problems);
  }
  const url = env.DATABASE_URL || fromFile.values.DATABASE_URL || (definition.defaults as Record<string, string>).DATABASE_URL;
  return postgresOptions({
    url,
    applicationName: `${definition.name}-migrate`,
    entities: definition.entities,
    migrations: allMigrations(definition.migrations),
  });
}
