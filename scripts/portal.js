// The portal's part of `npm start`: builds the web app, runs the embedded OpenID provider when
// no OIDC_ISSUER_URL is given, and the portal itself; kept apart from start.js so that the
// start-up supervisor and this can change independently.
const crypto = require('node:crypto');
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** A secret made once per checkout and kept out of git (.deelwijs/), like scripts/dev-secret.js's. */
function checkoutSecret(name, bytes = 24) {
  const file = path.join(root, '.deelwijs', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(bytes).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** vite build of services/portal-web into dist/services/portal-web, when the web app is there. */
function buildWebApp() {
  const app = path.join(root, 'services', 'portal-web');
  if (!fs.existsSync(path.join(app, 'vite.config.mts'))) {
    process.stderr.write('Warning: services/portal-web is not there yet; the portal serves a placeholder page.\n');
    return;
  }
  process.stdout.write('Building the web app (vite build)...\n');
  execSync(`"${process.execPath}" ${path.join(root, 'node_modules', 'vite', 'bin', 'vite.js')} build --logLevel warn`, { cwd: app, stdio: 'inherit' });
}

/**
 * What the portal adds to `npm start`: the environment every service gets (the issuer whose
 * tokens they accept), the processes to run, and the lines to print.
 */
function portalSetup(env) {
  const portalPort = env.PORTAL_PORT || '3000';
  const portalUrl = env.PORTAL_PUBLIC_URL || `http://localhost:${portalPort}`;
  const external = Boolean(env.OIDC_ISSUER_URL);
  // <NAME>_PORT, as for every process npm start runs (start.js portOf).
  const providerPort = env.IDENTITY_PROVIDER_PORT || '3004';
  const issuer = env.OIDC_ISSUER_URL || `http://localhost:${providerPort}`;
  const clientSecret = env.OIDC_CLIENT_SECRET || checkoutSecret('portal-client-secret', 32);
  const password = env.DEMO_PASSWORD || checkoutSecret('demo-password', 9);
  const processes = [];
  if (!external) {
    processes.push({
      name: 'identity-provider',
      port: providerPort,
      env: {
        PORT: providerPort,
        OIDC_PROVIDER_ISSUER: issuer,
        PORTAL_URLS: portalUrl,
        PORTAL_CLIENT_SECRET: clientSecret,
        DEMO_PASSWORD: password,
      },
    });
  }
  processes.push({
    name: 'portal',
    port: portalPort,
    env: {
      PORT: portalPort,
      PORTAL_PUBLIC_URL: portalUrl,
      OIDC_CLIENT_SECRET: clientSecret,
      ACTIVITIES_URL: env.ACTIVITIES_URL || `http://127.0.0.1:${env.ACTIVITIES_PORT || 3001}`,
      KNOWLEDGE_URL: env.KNOWLEDGE_URL || `http://127.0.0.1:${env.KNOWLEDGE_PORT || 3002}`,
      REPORTING_URL: env.REPORTING_URL || `http://127.0.0.1:${env.REPORTING_PORT || 3003}`,
    },
  });
  let banner = `\nPortal: ${portalUrl}  (sign in with ${external ? issuer : 'the embedded OpenID provider, ' + issuer})\n`;
  if (!external) {
    const { DEMO_ACCOUNTS } = require(path.join(root, 'dist/node_modules/@deelwijs/identity'));
    banner += `Demo accounts (password: ${password}):\n`;
    for (const account of DEMO_ACCOUNTS) {
      banner += `  ${account.username.padEnd(12)} ${account.roles.join(', ')}${account.organisationId ? ' at ProDemos' : ''}\n`;
    }
  }
  return { serviceEnv: { OIDC_ISSUER_URL: issuer }, processes, banner };
}

module.exports = { buildWebApp, portalSetup };
