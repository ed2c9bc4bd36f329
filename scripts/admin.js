// `npm run admin -- <command>`: organisations, API keys and staff tokens.
//   create-organisation --name "ProDemos"
//   create-key --organisation <id> --roles partner[,organiser] [--label "ProDemos CRM"]
//   revoke-key --key-id <id>
//   issue-token --subject <name> --roles organiser[,reporter] [--organisation <id>] [--hours 8]
// Reads NATS_URL, EVENTS_NAMESPACE and AUTH_JWT_SECRET like the services do; NATS_USER and
// NATS_PASSWORD (the identity administration's NATS user, the one allowed to publish identity.>)
// where NATS asks for credentials; IDENTITY_SIGNING_KEY, the key every identity event is signed
// with (the checkout's own, .deelwijs/dev-identity-signing-key, when unset). Each also as NAME_FILE.
const path = require('node:path');
const { parseArgs } = require('node:util');
const { ensureInstalled, build } = require('./ensure-installed');

ensureInstalled();
const root = path.resolve(__dirname, '..');
let identity;
try {
  identity = require(path.join(root, 'dist/node_modules/@deelwijs/identity'));
} catch {
  build();
  identity = require(path.join(root, 'dist/node_modules/@deelwijs/identity'));
}
const { ROLES } = require(path.join(root, 'dist/node_modules/@deelwijs/contracts'));
const fs = require('node:fs');
const { devSecret, devIdentityKeys } = require('./dev-secret');

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    name: { type: 'string' },
    organisation: { type: 'string' },
    roles: { type: 'string' },
    label: { type: 'string', default: '' },
    'key-id': { type: 'string' },
    subject: { type: 'string' },
    hours: { type: 'string', default: '8' },
  },
});

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(64);
}

function roles() {
  const list = (values.roles || '').split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = list.filter((role) => !ROLES.includes(role));
  if (list.length === 0 || unknown.length > 0) {
    fail(`--roles must list one or more of: ${ROLES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  return list;
}

/** NAME, or the content of the file NAME_FILE names. */
function setting(name) {
  const file = process.env[`${name}_FILE`];
  return file ? fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '') : process.env[name];
}

async function withAdmin(work) {
  const user = setting('NATS_USER');
  const admin = await identity.IdentityAdmin.connect({
    natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
    natsCredentials: user ? { user, password: setting('NATS_PASSWORD') || '' } : undefined,
    signingKey: setting('IDENTITY_SIGNING_KEY') || devIdentityKeys().privateKey,
    namespace: process.env.EVENTS_NAMESPACE || '',
    streamReplicas: Number(process.env.STREAM_REPLICAS || 1),
  });
  try {
    await work(admin);
  } finally {
    await admin.close();
  }
}

(async () => {
  switch (command) {
    case 'create-organisation': {
      if (!values.name) fail('--name is required');
      await withAdmin(async (admin) => {
        const { organisationId } = await admin.registerOrganisation(values.name);
        process.stdout.write(`organisation ${organisationId}\n`);
      });
      break;
    }
    case 'create-key': {
      if (!values.organisation) fail('--organisation is required');
      const keyRoles = roles();
      await withAdmin(async (admin) => {
        const { keyId, key } = await admin.issueKey(values.organisation, keyRoles, values.label);
        process.stdout.write(`key id ${keyId}\nAPI key (shown once, store it now): ${key}\n`);
      });
      break;
    }
    case 'revoke-key': {
      if (!values['key-id']) fail('--key-id is required');
      await withAdmin((admin) => admin.revokeKey(values['key-id']));
      process.stdout.write(`revoked ${values['key-id']}\n`);
      break;
    }
    case 'issue-token': {
      if (!values.subject) fail('--subject is required');
      const token = identity.signStaffToken(
        setting('AUTH_JWT_SECRET') || devSecret(),
        { subject: values.subject, roles: roles(), organisationId: values.organisation },
        Math.round(Number(values.hours) * 3600),
      );
      process.stdout.write(`${token}\n`);
      break;
    }
    default:
      fail('usage: npm run admin -- create-organisation|create-key|revoke-key|issue-token [options] (see scripts/admin.js)');
  }
})().catch((error) => fail(error.message));
