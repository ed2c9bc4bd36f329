// `npm start`: installs what is missing, builds, migrates and starts the three services against
// PostgreSQL, NATS and Redis on localhost (or DATABASE_URL's server, NATS_URL, REDIS_URL).
// `npm start -- --demo`: once the services are ready, and only if reporting has no programme
// yet, loads the seed programme and a simulated year of activities, registrations, advices and
// lessons learned (the year simulation of libs/simulation, at demo size), so the report shows
// real figures.
// The services run under a supervisor (scripts/supervisor.js): one that stops is started again
// after a back-off and the others keep serving; Ctrl-C (SIGINT), SIGTERM or SIGHUP stops them all.
// Without SMTP_HOST, a mail catcher (scripts/mail-catcher.js) takes the services' mail and shows
// it on a page. Each process's lines carry its name; logs are human-readable on a terminal
// (LOG_FORMAT=pretty, set here when standard output is one) and JSON lines otherwise. The run
// ends with a short block of addresses; `--verbose` adds the demo's ground-truth tables.
// A test can give the run its own ports (<NAME>_PORT), databases (<NAME>_DATABASE_URL or
// DATABASE_SERVER_URL), and NATS streams and Redis queues (EVENTS_NAMESPACE names both).
/* global fetch, setInterval, clearInterval */
const { spawn, execFileSync } = require('node:child_process');
const path = require('node:path');
const { ensureInstalled, build } = require('./ensure-installed');
const { requireLocalInfrastructure } = require('./local-infrastructure');
const { devSecret, identityKeyEnv } = require('./dev-secret');
const { Supervisor } = require('./supervisor');
const { buildWebApp, portalSetup } = require('./portal');
const { prefixLines } = require('./supervisor');

const root = path.resolve(__dirname, '..');

// What `npm start` runs, one entry per process: `name`, the default `port` (<NAME>_PORT
// overrides it) and optionally `main` (default dist/services/<name>/src/main.js) and
// `database: false` for a process without a database of its own (the others get
// <NAME>_DATABASE_URL, or deelwijs_<name> on DATABASE_SERVER_URL, migrated before they start).
const SERVICES = [
  { name: 'activities', port: 3001 },
  { name: 'knowledge', port: 3002 },
  { name: 'reporting', port: 3003 },
];

const serviceNamed = (name) => SERVICES.find((service) => service.name === name);

const DEMO_PROGRAMME = 'overijssel-2026';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');

/**
 * Without SMTP_HOST: the mail catcher, and where the services send (SMTP_HOST/SMTP_PORT) and the
 * portal links to (MAIL_CATCHER_URL). With SMTP_HOST the services send to that server.
 */
function mailSetup(env) {
  if (env.SMTP_HOST) {
    return { processes: [], serviceEnv: {}, pageUrl: undefined };
  }
  const smtpPort = env.MAIL_CATCHER_SMTP_PORT || '2525';
  const pagePort = env.MAIL_CATCHER_PORT || '3005';
  const pageUrl = `http://localhost:${pagePort}`;
  return {
    processes: [{ name: 'mail-catcher', port: pagePort, main: 'scripts/mail-catcher.js', database: false, env: { MAIL_CATCHER_SMTP_PORT: smtpPort } }],
    serviceEnv: { SMTP_HOST: '127.0.0.1', SMTP_PORT: smtpPort, MAIL_CATCHER_URL: pageUrl },
    pageUrl,
  };
}

function databaseUrl(service) {
  const server = process.env.DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432';
  return process.env[`${service.name.toUpperCase()}_DATABASE_URL`] || `${server}/deelwijs_${service.name}`;
}

/** Node options and malloc settings of every service process (infra/README.md); the image has the same. */
const runtime = require('../infra/service-runtime.json');

function serviceEnv(service, env) {
  return {
    // The node options and malloc settings every service runs with (the image sets the same);
    // the caller's own environment wins, e.g. NODE_OPTIONS=--inspect to debug one.
    ...runtime.env,
    ...env,
    ...service.env,
    ...(service.database === false ? {} : { DATABASE_URL: databaseUrl(service) }),
    PORT: portOf(service),
  };
}

async function isReady(service) {
  const response = await fetch(`http://127.0.0.1:${portOf(service)}/health/ready`).catch(() => undefined);
  return response?.status === 200;
}

(async () => {
  ensureInstalled();
  await requireLocalInfrastructure();
  build();
  buildWebApp();
  // The checkout's own credentials, unless the environment has them: the staff token secret and
  // the identity administration's key pair (the portal and the provider sign, the services verify).
  const env = { ...process.env, AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET || devSecret(), ...identityKeyEnv(process.env) };
  // Children write to a pipe (for the name in front of each line): tell them what we write to.
  env.LOG_FORMAT ||= process.stdout.isTTY ? 'pretty' : 'json';
  // A line per request is for production's log store; the demo makes thousands (LOG_LEVEL=debug shows them).
  env.HTTP_REQUEST_LOG ||= 'debug';
  const mail = mailSetup(env);
  Object.assign(env, mail.serviceEnv);
  // The portal and, without OIDC_ISSUER_URL, the embedded OpenID provider (scripts/portal.js).
  const portal = portalSetup(env);
  Object.assign(env, portal.serviceEnv);
  SERVICES.unshift(...mail.processes);
  SERVICES.push(...portal.processes.map((entry) => ({ ...entry, database: false })));
  const migrated = SERVICES.filter((candidate) => candidate.database !== false);
  for (const service of migrated) {
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts/migrate.js'), service.name], {
        cwd: root,
        stdio: 'pipe',
        env: { ...env, DATABASE_URL: databaseUrl(service) },
      });
    } catch (error) {
      process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
      throw new Error(`${service.name}: migration failed (see above)`);
    }
  }
  process.stdout.write(`Migrated the databases of ${migrated.map((service) => service.name).join(', ')}.\n`);
  let exitCode = 0;
  const supervisor = new Supervisor({
    log: (line) => process.stderr.write(`${line}\n`),
    // A refused configuration (exit 78) is the same for every process: stop, and say so.
    onGiveUp: (name, code) => {
      process.stderr.write(`${name} cannot start with this configuration (see above); stopping the others.\n`);
      exitCode = code;
      void shutdown();
    },
  });
  const width = Math.max(...SERVICES.map((service) => service.name.length));
  for (const [index, service] of SERVICES.entries()) {
    supervisor.run({
      name: service.name,
      // Own process group: Ctrl-C reaches only this supervisor, which stops the services itself.
      start: () => {
        const child = spawn(process.execPath, [...runtime.nodeArgs, path.join(root, service.main ?? `dist/services/${service.name}/src/main.js`)], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
          env: serviceEnv(service, env),
        });
        const prefix = { name: service.name.padEnd(width), colour: process.stdout.isTTY ? index : undefined };
        prefixLines(child.stdout, process.stdout, prefix);
        prefixLines(child.stderr, process.stderr, prefix);
        return child;
      },
      ready: () => isReady(service),
    });
    // The services check their SMTP server at start: the catcher listens before they begin.
    if (service.name === 'mail-catcher') {
      await waitUntilReady([service], 10_000);
    }
  }
  let stopping;
  function shutdown() {
    stopping ??= supervisor.stop().then(() => process.exit(exitCode));
    return stopping;
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping ${SERVICES.map((service) => service.name).join(', ')}...\n`);
      void shutdown();
    });
  }
  // Stopping `npm start` by its own pid ends npm and its shell, not this process: notice that the
  // parent is gone and stop, so no service is left behind.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(watch);
      process.stderr.write('npm start was stopped; stopping the services...\n');
      void shutdown();
    }
  }, 500);
  watch.unref();
  process.stdout.write(
    `\nDeelwijs is starting: ${SERVICES.map((service) => `${service.name} http://localhost:${portOf(service)}`).join(', ')}\n`,
  );
  if (args.includes('--demo')) {
    await loadDemo(env).catch((error) => process.stderr.write(`\nDemo data not loaded: ${error.message}\n`));
  } else {
    await waitUntilReady().catch((error) => process.stderr.write(`\n${error.message}\n`));
  }
  process.stdout.write(closingBlock(portal, mail));
})().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});

function portOf(service) {
  return process.env[`${service.name.toUpperCase().replace(/-/g, '_')}_PORT`] || String(service.port);
}

/** What a person needs once everything runs: where to go, and with which account. */
function closingBlock(portal, mail) {
  const api = SERVICES.filter((service) => service.database !== false)
    .map((service) => `  ${service.name.padEnd(12)} http://localhost:${portOf(service)}/v1/docs`)
    .join('\n');
  return (
    '\n──────── Deelwijs runs ────────\n' +
    portal.banner.trim() +
    '\n' +
    `API documentation (try it out with a token: npm run admin -- issue-token --subject me --roles organiser,reporter,admin):\n${api}\n` +
    (mail.pageUrl ? `Mail the services sent (caught, nothing leaves this machine): ${mail.pageUrl}\n` : '') +
    'A process that stops is started again; Ctrl-C stops them all.\n\n'
  );
}

/** Waits for every service to answer /health/ready, however long a cold start on a busy machine takes (up to two minutes). */
async function waitUntilReady(services = SERVICES, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (const service of services) {
    while (!(await isReady(service))) {
      if (Date.now() > deadline) {
        throw new Error(`${service.name} did not become ready within ${timeoutMs / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The seed programme plus a simulated year, on a system whose reporting has no programme yet. */
async function loadDemo(env) {
  await waitUntilReady();
  const identity = require(path.join(root, 'dist/node_modules/@deelwijs/identity'));
  const reporting = `http://127.0.0.1:${portOf(serviceNamed('reporting'))}`;
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
      const child = spawn(process.execPath, [path.join(root, 'dist/libs/simulation/src/cli.js'), '--demo', ...(verbose ? ['--verbose'] : [])], {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...env,
          SIM_ACTIVITIES_URL: `http://127.0.0.1:${portOf(serviceNamed('activities'))}`,
          SIM_KNOWLEDGE_URL: `http://127.0.0.1:${portOf(serviceNamed('knowledge'))}`,
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
  const page = `http://localhost:${portOf(serviceNamed('reporting'))}/v1/programmes/${DEMO_PROGRAMME}/reports/2026/prestaties/7.2.3?format=html`;
  process.stdout.write(
    `\nThe 7.2.3 progress report (also ?format=md|pdf|xlsx, or .../reports/2026 for the whole programme):\n` +
      `  TOKEN=$(npm run --silent admin -- issue-token --subject me --roles reporter)\n` +
      `  curl -H "Authorization: Bearer $TOKEN" '${page}' > report-7.2.3.html\n\n`,
  );
}
