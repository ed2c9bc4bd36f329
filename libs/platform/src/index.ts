export { bootstrapService, createServiceApp, bootstrapGateway, createGatewayApp, type GatewayDefinition, migrationDataSourceOptions, API_VERSION, type ServiceDefinition } from './bootstrap';
export { IdentityAdministrationConfig, identityAdminOptions } from './config/identity-administration-config';
export { BaseServiceConfig, ServiceConfig, natsCredentials, IsIdentityKey, loadConfig, ConfigError, oidcVerifierOptions, type LoadConfigOptions } from './config/service-config';
export { HEALTH_CHECKS, type HealthChecks } from './health/health.controller';
export {
  SecretSetting,
  secretSettingsOf,
  findUnsafeSecrets,
  PUBLISHED_SECRETS,
  URL_PASSWORD_MIN_LENGTH,
  type SecretSettingDeclaration,
  type SecretFinding,
} from './config/secret-settings';
export { PlatformModule, allMigrations, messagingOptions, type PlatformOptions } from './platform.module';
export { InvalidInputException, UnprocessableInputException, toProblem, type ProblemDetails, type InvalidParam } from './http/problem-details.filter';
export { RedisConnection } from './health/redis.provider';
export { RateLimitExempt, RateLimiter } from './http/rate-limit';
export { HousekeepingJobs } from './housekeeping/housekeeping.jobs';
export { Jobs, DEFAULT_JOB_OPTIONS } from './jobs/jobs';
export { JobRunner } from './jobs/job-runner';
export { HandlesJob } from './jobs/job-handler.decorator';
export { ACTIVITIES_QUEUES, KNOWLEDGE_QUEUES, REPORTING_QUEUES, HOUSEKEEPING_QUEUE, SERVICE_QUEUES, JOB_QUEUE_PREFIX, jobQueueName } from './jobs/queue-names';
export { MailingServiceConfig } from './mail/mailing-service.config';
export { Mailer, MailServerUnavailableError, mailFailures, type OutgoingMail } from './mail/mailer';
export { RetryLaterError } from './jobs/retry-later.error';
export { MailModule } from './mail/mail.module';
export { PageQuery, PageView } from './http/page-query';
export { applyDesignConventions, VERSION_PREFIX } from './http/api-rules/design-conventions';
export {
  FreeText,
  IdentifierText,
  EmailAddress,
  SafeInt,
  CalendarDate,
  OffsetDateTime,
  AmsterdamDateTime,
  NestedObject,
  NestedArray,
  type TextOptions,
} from './http/input/input.decorators';
export {
  PROGRAMME_ZONE,
  MAX_SAFE,
  MAX_CENTS,
  MAX_PATH_PARAM_LENGTH,
  amsterdamDateTimeProblem,
  amsterdamOffsetMinutes,
  inAmsterdam,
  amsterdamWallClock,
  calendarDateProblem,
  freeTextProblem,
  identifierProblem,
  offsetDateTimeProblem,
  safeIntegerProblem,
} from './http/input/input-rules';
export { inspectInput } from './http/input/input-inspection';
export { InputPipe, flattenErrors } from './http/input/input.pipe';
export { zodInput, zodInvalidParams } from './http/input/input.zod';
export { addValidationLimits } from './http/input/openapi-limits';
export { ParseUuid, ParsePositiveInt } from './http/input/param.pipes';
export { IdempotencyService, type IdempotentAnswer } from './idempotency/idempotency.service';
export { IDEMPOTENCY_HEADER, IDEMPOTENT_METHODS } from './idempotency/idempotency.interceptor';
export { claimLockId } from './idempotency/claim-locks';
export { IgnoresIdempotencyKey } from './idempotency/ignores-idempotency-key.decorator';
export { PersonalData, PersonalDataInterceptor, carriesPersonalData } from './http/personal-data';
export { API_CONTENT_SECURITY_POLICY, trustProxyOption } from './http/edge';
export { AddressRanges, isPublicAddress, ipAddressOf, parseCidr } from './http/network-addresses';
export { PrivacyRequestsController } from './privacy/privacy-requests.controller';
export {
  PERSONAL_DATA_HOLDER,
  type PersonalDataHolder,
  type PersonalDataAuditEntry,
  type PersonalDataAuditQuery,
  type ErasureOutcome,
} from './privacy/personal-data-holder';
export { subjectHash, normaliseEmail } from './privacy/subject';
export { PlatformPrivacyClient, formatAudit, PERSONAL_DATA_SERVICES, type PersonalDataService, type PlatformAnswer } from './privacy/privacy-client';
