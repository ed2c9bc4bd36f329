export { bootstrapService, createServiceApp, migrationDataSourceOptions, API_VERSION, type ServiceDefinition } from './bootstrap';
export { ServiceConfig, loadConfig, ConfigError } from './config/service-config';
export { PlatformModule, allMigrations, messagingOptions, type PlatformOptions } from './platform.module';
export { InvalidInputException, toProblem, type ProblemDetails, type InvalidParam } from './http/problem-details.filter';
export { RedisConnection } from './health/redis.provider';
export { HousekeepingJobs } from './housekeeping/housekeeping.jobs';
export { Jobs, DEFAULT_JOB_OPTIONS } from './jobs/jobs';
export { JobRunner } from './jobs/job-runner';
export { HandlesJob } from './jobs/job-handler.decorator';
