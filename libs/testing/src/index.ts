export * from './infrastructure';
export { ServiceProcess, freePort, repositoryRoot, staffToken, type ServiceProcessOptions } from './service-process';
export { routeDeclarations, type RouteDeclaration } from './route-declarations';
export { TestSystem } from './test-system';
export { SmtpReceiver, type ReceivedMail } from './smtp-receiver';
export * as benchKit from './bench-kit';
export { WebhookReceiver, type ReceivedWebhook } from './webhook-receiver';
export { PrivatePostgres, PrivateRedis, PrivateNats, PrivateServer, privateServersAvailable } from './private-servers';
export { ALL_ROLES, bearerFor, builtServiceDefinition, concretePath, rawRequest } from './security-kit';
