// `npm start`: installs what is missing, builds, migrates and starts the three services against
// PostgreSQL, NATS and Redis on localhost (or DATABASE_URL's server, NATS_URL, REDIS_URL).
const { spawn, execFileSync } = require('node:child_process');
const path = require('node:path');
const { ensureInstalled, build } = require('./ensure-installed');
const { requireLocalInfrastructure } = require('./local-infrastructure');
const { devSecret } = require('./dev-secret');

const root = path.resolve(__dirname, '..');
const SERVICES = [
  { name: 'activities', port: 3001 },
  { name: 'knowledge', port: 3002 },
  { name: 'reporting', port: 3003 },
];

function databaseUrl(service) {
  const server = process.env.DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432';
  return process.env[`${service.toUpperCase()}_DATABASE_URL`] || `${server}/deelwijs_${service}`;
}

(async () => {
  ensureInstalled();
  await requireLocalInfrastructure();
  build();
  const env = { ...process.env, AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET || devSecret() };
  for (const service of SERVICES) {
    execFileSync(process.execPath, [path.join(root, 'scripts/migrate.js'), service.name], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, DATABASE_URL: databaseUrl(service.name) },
    });
  }
  const children = SERVICES.map((service) => {
    const child = spawn(process.execPath, [path.join(root, `dist/services/${service.name}/src/main.js`)], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...env,
        DATABASE_URL: databaseUrl(service.name),
        PORT: process.env[`${service.name.toUpperCase()}_PORT`] || String(service.port),
      },
    });
    child.on('exit', (code, signal) => {
      process.stderr.write(`${service.name} stopped (${signal ?? code}); stopping the others.\n`);
      shutdown(code ?? 1);
    });
    return child;
  });
  let stopping = false;
  function shutdown(code) {
    if (stopping) return;
    stopping = true;
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    setTimeout(() => process.exit(code), 5_000).unref();
    Promise.all(children.map((child) => child.exitCode !== null || new Promise((resolve) => child.once('exit', resolve)))).then(() =>
      process.exit(code),
    );
  }
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  process.stdout.write(
    '\nDeelwijs is starting: activities http://localhost:3001, knowledge http://localhost:3002, reporting http://localhost:3003\n' +
      'OpenAPI: /v1/openapi.json on each. A staff token: npm run admin -- issue-token --subject me --roles organiser,reporter,admin\n\n',
  );
})().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
