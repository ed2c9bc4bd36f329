// `npm run admin -- <command>`: organisations, API keys and staff tokens.
//   create-organisation --name "ProDemos"
//   create-key --organisation <id> --roles partner[,organiser] [--label "ProDemos CRM"]
//   revoke-key --key-id <id>
//   issue-token --subject <name> --roles organiser[,reporter] [--organisation <id>] [--hours 8]
//   privacy export --email <address>            everything the platform holds about the address (JSON)
//   privacy erase --email <address>             erases it in every service (idempotent: safe to repeat)
//   privacy audit --from <date-time> --to <date-time> [--email <address>] [--json]
//                                               the audit of personal data of every service
//   (privacy: as --subject, default the signed-in user, with the role privacy-officer; every
//   service audits the request. ACTIVITIES_URL, KNOWLEDGE_URL, REPORTING_URL: where they are.)
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
const { values, positionals } = parseArgs({
  args: rest,
  options: {
    name: { type: 'string' },
    organisation: { type: 'string' },
    roles: { type: 'string' },
    label: { type: 'string', default: '' },
    'key-id': { type: 'string' },
    subject: { type: 'string' },
    hours: { type: 'string', default: '8' },
    email: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  allowPositionals: true,
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

/** The privacy officer's requests to every service that holds personal data, combined. */
async function privacy(action) {
  const { PlatformPrivacyClient, formatAudit } = require(path.join(root, 'dist/node_modules/@deelwijs/platform'));
  const subject = values.subject || `cli:${require('node:os').userInfo().username}`;
  const token = identity.signStaffToken(setting('AUTH_JWT_SECRET') || devSecret(), { subject, roles: ['privacy-officer'] }, 600);
  const client = new PlatformPrivacyClient(
    {
      activities: process.env.ACTIVITIES_URL || 'http://127.0.0.1:3001',
      knowledge: process.env.KNOWLEDGE_URL || 'http://127.0.0.1:3002',
      reporting: process.env.REPORTING_URL || 'http://127.0.0.1:3003',
    },
    token,
  );
  let answer;
  switch (action) {
    case 'export': {
      if (!values.email) fail('--email is required');
      answer = await client.subjectAccess(values.email);
      process.stdout.write(`${JSON.stringify({ email: values.email.trim().toLowerCase(), exportedAt: new Date().toISOString(), ...answer }, null, 2)}\n`);
      break;
    }
    case 'erase': {
      if (!values.email) fail('--email is required');
      answer = await client.erase(values.email);
      for (const [service, erased] of Object.entries(answer.services)) {
        process.stdout.write(`${service}: erased ${Object.entries(erased).map(([kind, count]) => `${count} ${kind}`).join(', ')}\n`);
      }
      break;
    }
    case 'audit': {
      if (!values.from || !values.to) fail('--from and --to are required (ISO 8601 date-times with an offset)');
      answer = await client.audit({ from: values.from, to: values.to, email: values.email });
      process.stdout.write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : `${formatAudit(answer)}\n`);
      break;
    }
    default:
      fail('usage: npm run admin -- privacy export|erase --email <address> | privacy audit --from <date-time> --to <date-time> [--email <address>]');
  }
  const failed = Object.entries(answer.failed);
  if (failed.length > 0) {
    process.stderr.write(`${failed.map(([service, why]) => `${service} did not answer: ${why}`).join('\n')}\nRepeat the command: every request is safe to repeat.\n`);
    process.exit(1);
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
    case 'privacy': {
      await privacy(positionals[0]);
      break;
    }
    default:
      fail('usage: npm run admin -- create-organisation|create-key|revoke-key|issue-token|privacy [options] (see scripts/admin.js)');
  }
})().catch((error) => fail(error.message));
