// `npm start`: installs what is missing, builds, migrates and starts the three services against
// PostgreSQL, NATS and Redis on localhost (or DATABASE_URL's server, NATS_URL, REDIS_URL).
// `npm start -- --demo`: once the services are ready, and only if reporting has no programme
// yet, loads the seed programme and a simulated year of activities, registrations, advices and
// lessons learned (the year simulation of libs/simulation, at demo size), so the report shows
// real figures.
/* global fetch */
const { spawn, execFileSync } = require('node:child_process');
const path = require('node:path');
const { ensureInstalled, build } = require('./ensure-installed');
const { requireLocalInfrastructure } = require('./local-infrastructure');
const { devSecret } = require('./dev-secret');
const { buildWebApp, portalSetup } = require('./portal');

const root = path.resolve(__dirname, '..');
const SERVICES = [
  { name: 'activities', port: 3001 },
  { name: 'knowledge', port: 3002 },
  { name: 'reporting', port: 3003 },
];

const DEMO_PROGRAMME = 'overijssel-2026';

function databaseUrl(service) {
  const server = process.env.DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432';
  return process.env[`${service.toUpperCase()}_DATABASE_URL`] || `${server}/deelwijs_${service}`;
}

(async () => {
  ensureInstalled();
  await requireLocalInfrastructure();
  build();
  buildWebApp();
  const env = { ...process.env, AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET || devSecret() };
  const portal = portalSetup(env);
  Object.assign(env, portal.serviceEnv);
  for (const service of SERVICES) {
    execFileSync(process.execPath, [path.join(root, 'scripts/migrate.js'), service.name], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, DATABASE_URL: databaseUrl(service.name) },
    });
  }
  const processes = [
    ...SERVICES.map((service) => ({
      name: service.name,
      env: { DATABASE_URL: databaseUrl(service.name), PORT: process.env[`${service.name.toUpperCase()}_PORT`] || String(service.port) },
    })),
    ...portal.processes,
  ];
  const children = processes.map((service) => {
    const child = spawn(process.execPath, [path.join(root, `dist/services/${service.name}/src/main.js`)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, ...service.env },
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
      'OpenAPI: /v1/openapi.json on each. A staff token: npm run admin -- issue-token --subject me --roles organiser,reporter,admin\n' +
      portal.banner +
      '\n',
  );
  if (process.argv.slice(2).includes('--demo')) {
    await loadDemo(env, children).catch((error) =>
      process.stderr.write(`\nDemo data not loaded: ${error.message}\n`),
    );
  }
})().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});

function portOf(service) {
  return process.env[`${service.name.toUpperCase()}_PORT`] || String(service.port);
}

/** Waits for every service to answer /health/ready, however long a cold start on a busy machine takes (up to two minutes). */
async function waitUntilReady(children) {
  const deadline = Date.now() + 120_000;
  for (const service of SERVICES) {
    for (;;) {
      if (children.some((child) => child.exitCode !== null)) {
        throw new Error('a service stopped while starting');
      }
      const status = await fetch(`http://127.0.0.1:${portOf(service)}/health/ready`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`${service.name} did not become ready within two minutes`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The seed programme plus a simulated year, on a system whose reporting has no programme yet. */
async function loadDemo(env, children) {
  await waitUntilReady(children);
  const identity = require(path.join(root, 'dist/node_modules/@deelwijs/identity'));
  const reporting = `http://127.0.0.1:${portOf(SERVICES[2])}`;
  const token = identity.signStaffToken(env.AUTH_JWT_SECRET, { subject: 'demo', roles: ['reporter'] });
  const existing = await fetch(`${reporting}/v1/programmes/${DEMO_PROGRAMME}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (existing.status === 200) {
    process.stdout.write(`\nDemo data skipped: reporting already has programme ${DEMO_PROGRAMME}.\n`);
  } else if (existing.status !== 404) {
    throw new Error(`GET /v1/programmes/${DEMO_PROGRAMME} answered ${existing.status}`);
  } else {
    process.stdout.write(
      '\nLoading demo data: the seed programme and a simulated year (libs/simulation)...\n',
    );
    const status = await new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'dist/libs/simulation/src/cli.js'), '--demo'], {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...env,
          SIM_ACTIVITIES_URL: `http://127.0.0.1:${portOf(SERVICES[0])}`,
          SIM_KNOWLEDGE_URL: `http://127.0.0.1:${portOf(SERVICES[1])}`,
          SIM_REPORTING_URL: reporting,
        },
      });
      child.on('exit', (code) => resolve(code));
    });
    if (status !== 0) {
      process.stderr.write(
        '\nThe demo year was loaded, but its report differs from the simulated ground truth (see above).\n',
      );
    }
  }
  const page = `http://localhost:${portOf(SERVICES[2])}/v1/programmes/${DEMO_PROGRAMME}/reports/2026/prestaties/7.2.3?format=html`;
  process.stdout.write(
    `\nThe 7.2.3 progress report (also ?format=md|pdf|xlsx, or .../reports/2026 for the whole programme):\n` +
      `  TOKEN=$(npm run --silent admin -- issue-token --subject me --roles reporter)\n` +
      `  curl -H "Authorization: Bearer $TOKEN" '${page}' > report-7.2.3.html\n\n`,
  );
}
