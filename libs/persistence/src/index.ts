export { postgresOptions, type PostgresOptions } from './postgres-options';
export { runMigrationsExclusively, ensureDatabase, openMigratedDataSource } from './migrations';
