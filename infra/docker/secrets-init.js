// The `secrets-init` service of docker-compose.yml: before the services start, makes sure every
// generated credential has a file in the secrets volume, which the services read through
// <NAME>_FILE. Each name in GENERATED_SECRETS gets:
//   - the value of the variable of that name, when it is set (from .env or the shell): yours wins;
//   - otherwise the file it already has (the installation keeps its secret across restarts);
//   - otherwise 48 random bytes (64 characters, base64url), made here and shown nowhere.
// Each name in GENERATED_KEY_PAIRS (the identity administration's signing key) gets an Ed25519
// key pair: NAME holds the private key (base64 PKCS#8 DER; yours from the environment wins, as
// above), NAME with _PUBLIC_KEY for _KEY (IDENTITY_SIGNING_PUBLIC_KEY) its public half (base64
// SPKI DER), always derived from the private one, so the two cannot drift apart.
// Files are written atomically, readable only by uid 1000: the services' user in the image, and
// Keycloak's (infra/docker/keycloak-entrypoint.sh reads its credentials from these files).
// Runs on plain node:20 with no dependencies; a test runs it against a temporary directory.
const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const SERVICE_USER = { uid: 1000, gid: 1000 };

function ensureSecrets(directory, names, env) {
  const outcome = {};
  for (const name of names) {
    const file = path.join(directory, name);
    const given = env[name];
    if (given) {
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== given) {
        write(file, given);
      }
      outcome[name] = 'from the environment';
    } else if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') !== '') {
      outcome[name] = 'kept';
    } else {
      write(file, crypto.randomBytes(48).toString('base64url'));
      outcome[name] = 'generated';
    }
  }
  return outcome;
}

function ensureKeyPairs(directory, names, env) {
  const outcome = {};
  for (const name of names) {
    const file = path.join(directory, name);
    const given = env[name];
    let how;
    if (given) {
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== given) {
        write(file, given);
      }
      how = 'from the environment';
    } else if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') !== '') {
      how = 'kept';
    } else {
      write(file, crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
      how = 'generated';
    }
    const privateKey = crypto.createPrivateKey({ key: Buffer.from(fs.readFileSync(file, 'utf8'), 'base64'), format: 'der', type: 'pkcs8' });
    const publicFile = path.join(directory, publicKeyName(name));
    const publicKey = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
    if (!fs.existsSync(publicFile) || fs.readFileSync(publicFile, 'utf8') !== publicKey) {
      write(publicFile, publicKey);
    }
    outcome[name] = how;
  }
  return outcome;
}

/** IDENTITY_SIGNING_KEY → IDENTITY_SIGNING_PUBLIC_KEY. */
function publicKeyName(name) {
  return name.replace(/_KEY$/, '') + '_PUBLIC_KEY';
}

function write(file, value) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, value, { mode: 0o400 });
  if (process.getuid && process.getuid() === 0) {
    fs.chownSync(temporary, SERVICE_USER.uid, SERVICE_USER.gid);
  }
  fs.renameSync(temporary, file);
}

if (require.main === module) {
  const directory = process.env.SECRETS_DIR || '/run/deelwijs-secrets';
  const names = (process.env.GENERATED_SECRETS || '').split(/[\s,]+/).filter(Boolean);
  const pairs = (process.env.GENERATED_KEY_PAIRS || '').split(/[\s,]+/).filter(Boolean);
  if (names.length === 0) {
    process.stderr.write('secrets-init: GENERATED_SECRETS names no secret\n');
    process.exit(64);
  }
  const outcome = { ...ensureSecrets(directory, names, process.env), ...ensureKeyPairs(directory, pairs, process.env) };
  for (const [name, how] of Object.entries(outcome)) {
    process.stdout.write(`secrets-init: ${name} ${how} (${path.join(directory, name)})\n`);
  }
}

module.exports = { ensureSecrets, ensureKeyPairs, publicKeyName };
