import type { LoggerService } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

/** Arbitrary but fixed: instances of one service serialise their migrations on it. */
const MIGRATION_LOCK_KEY = 724_316_001;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so that several instances
 * starting at once do not race each other through the same migration.
 */
export async function runMigrationsExclusively(dataSource: DataSource, logger?: LoggerService): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const names = applied.map((migration) => migration.name);
    if (names.length > 0) {
      logger?.log({ msg: 'migrations applied', migrations: names });
    }
    return names;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** Creates the database a URL names when it does not exist yet (used by `npm start` and tests). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[a-zA-Z0-9_]+$/.test(name)) {
    throw new Error(`Database name "${name}" may hold letters, digits and _ only`);
  }
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) {
      return false;
    }
    await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
      // Another instance created it between our check and our create.
      if (error.code !== '42P04' && error.code !== '23505') {
        throw error;
      }
    });
    return true;
  } finally {
    await client.end();
  }
}

/** Opens a data source, migrates it under the lock, and hands it over ready for use. */
export async function openMigratedDataSource(options: DataSourceOptions, logger?: LoggerService): Promise<DataSource> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    await runMigrationsExclusively(dataSource, logger);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
