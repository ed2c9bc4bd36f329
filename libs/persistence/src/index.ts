export { postgresOptions, type PostgresOptions } from './postgres-options';
export { runMigrationsExclusively, ensureDatabase, openMigratedDataSource } from './migrations';
export { SESSION_KEEPALIVE_SQL } from './session-keepalive';
