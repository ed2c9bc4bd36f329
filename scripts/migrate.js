// `node scripts/migrate.js <service>` (the Nx `migrate` target): creates the service's database
// when missing and applies its pending migrations, under the same lock the services use.
const path = require('node:path');

const service = process.argv[2];
const root = path.resolve(__dirname, '..');
const { ensureDatabase, openMigratedDataSource } = require(path.join(root, 'dist/node_modules/@deelwijs/persistence'));
const { migrationDataSourceOptions } = require(path.join(root, 'dist/node_modules/@deelwijs/platform'));

(async () => {
  const module = require(path.join(root, `dist/services/${service}/src/${service}.service-definition.js`));
  const definition = module[`${service}Service`];
  const options = migrationDataSourceOptions(definition);
  await ensureDatabase(options.url);
  const dataSource = await openMigratedDataSource(options, { log: (entry) => process.stdout.write(`${service}: ${JSON.stringify(entry)}\n`) });
  await dataSource.destroy();
  process.stdout.write(`${service}: database ${new URL(options.url).pathname.slice(1)} is up to date\n`);
})().catch((error) => {
  process.stderr.write(`${service}: migration failed: ${error.message}\n`);
  process.exit(1);
});
