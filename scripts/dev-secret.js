// Development credentials, made once per checkout and kept out of git (.deelwijs/): the staff
// token signing secret and the identity administration's Ed25519 key pair.
const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

function devFile(name, make) {
  const file = path.resolve(__dirname, '..', '.deelwijs', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, make(), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

function devSecret() {
  return devFile('dev-jwt-secret', () => crypto.randomBytes(32).toString('hex'));
}

/**
 * The key `npm run admin`, the portal and the embedded provider sign identity events with
 * (IDENTITY_SIGNING_KEY), and its public half, which the services verify them with
 * (IDENTITY_SIGNING_PUBLIC_KEY); both base64 DER.
 */
function devIdentityKeys() {
  const privateKey = devFile('dev-identity-signing-key', () =>
    crypto
      .generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'der', type: 'pkcs8' })
      .toString('base64'),
  );
  const publicKey = crypto
    .createPublicKey(
      crypto.createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
    )
    .export({ format: 'der', type: 'spki' })
    .toString('base64');
  return { privateKey, publicKey };
}

/** The identity keys for a run: the environment's when set, the checkout's otherwise. */
function identityKeyEnv(env) {
  const dev = env.IDENTITY_SIGNING_KEY || env.IDENTITY_SIGNING_KEY_FILE ? undefined : devIdentityKeys();
  return {
    ...(dev && !env.IDENTITY_SIGNING_PUBLIC_KEY && !env.IDENTITY_SIGNING_PUBLIC_KEY_FILE
      ? { IDENTITY_SIGNING_PUBLIC_KEY: dev.publicKey }
      : {}),
    ...(dev ? { IDENTITY_SIGNING_KEY: dev.privateKey } : {}),
  };
}

module.exports = { devSecret, devIdentityKeys, identityKeyEnv };
