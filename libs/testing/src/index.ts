// Real-infrastructure helpers for tests (and benchmarks: `@deelwijs/testing/bench` adds their
// statistics and tables). Each test makes its own databases, namespaces and queues with these.
export {
  TEST_POSTGRES,
  TEST_NATS,
  TEST_REDIS,
  TEST_JWT_SECRET,
  TEST_IDENTITY_SIGNING_KEY,
  TEST_IDENTITY_PUBLIC_KEY,
  uniqueName,
  createTestDatabase,
  deleteNamespaceStreams,
  deleteNamespaceQueues,
  waitFor,
} from './infrastructure';
export { ServiceProcess, freePort, repositoryRoot, staffToken, type ServiceProcessOptions } from './service-process';
export { TestSystem } from './test-system';
export {
  InProcessService,
  publishEvent,
  type InjectedRequest,
  type InjectedResponse,
  type PublishOptions,
} from './in-process-service';
export { PortalSystem, type PortalSystemOptions, type PortalSystemUrls } from './portal-system';
export { PortalHttpClient } from './portal-http-client';
export { checkServedDocument, type ServedDocumentCheck } from './api-rules/served-document';
export { checkDesignRules, formatFindings, type DesignRuleFinding } from './api-rules/api-rules';
export { routeDeclarations, type RouteDeclaration } from './route-declarations';
export { SmtpReceiver, type ReceivedMail } from './smtp-receiver';
export { WebhookReceiver, type ReceivedWebhook } from './webhook-receiver';
export { S3TestServer } from './s3-server';
export { PrivatePostgres, PrivateRedis, PrivateNats, privateServersAvailable, type PrivateNatsOptions } from './private-servers';
export * as browserKit from './browser-kit';
export { generatedNetwork, storeNetworkSnapshots, type GeneratedNetwork } from './network-fixtures';
export {
  probeIdempotency,
  type IdempotencyProbe,
  type IdempotencyProbeResult,
  type ProbedService,
} from './idempotency-probe';
export {
  SEED_PROGRAMME_PATH,
  SHARING_TARGETS,
  withSharingTargets,
  seedProgrammeWithSharingTargets,
} from './programme-fixtures';
