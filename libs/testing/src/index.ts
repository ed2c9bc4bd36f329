export * from './infrastructure';
export { ServiceProcess, freePort, staffToken, type ServiceProcessOptions } from './service-process';
export { routeDeclarations, type RouteDeclaration } from './route-declarations';
export { TestSystem } from './test-system';
export { SmtpReceiver, type ReceivedMail } from './smtp-receiver';
