import type { DataSourceOptions } from 'typeorm';
import type { MixedList, EntitySchema } from 'typeorm';

export interface PostgresOptions {
  url: string;
  applicationName: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

/** The one way every service describes its database: migrations only, never synchronize. */
export function postgresOptions(options: PostgresOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 20, connectionTimeoutMillis: 5000 },
  };
}
