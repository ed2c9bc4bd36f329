import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair } from '@deelwijs/contracts';
import { ConfigError, loadConfig } from '@deelwijs/platform';
import { PortalConfig } from './portal.config';

/** The client secret docker-compose.yml and the Keycloak realm carried until compose generated it. */
const OLD_COMPOSE_CLIENT_SECRET = 'local-development-only-portal-client-secret';
const SOUND_CLIENT_SECRET = 'pV3q-8sKz1LmW4xR7tN0bYc6Hd2Jf9Ga';
const IDENTITY_SIGNING_KEY = generateSigningKeyPair().privateKey;

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

const load = (env: NodeJS.ProcessEnv, warn?: (message: string) => void): PortalConfig =>
  loadConfig(PortalConfig, { OIDC_ISSUER_URL: 'http://keycloak:8080/realms/deelwijs', IDENTITY_SIGNING_KEY, ...env }, { PORT: '3000' }, { warn });

describe('PortalConfig: the OpenID client secret', () => {
  it('refuses the client secret docker-compose.yml and the realm once had, naming the variable but not the value', () => {
    const error = configError(() => load({ OIDC_CLIENT_SECRET: OLD_COMPOSE_CLIENT_SECRET }));

    expect(error.problems).toEqual([
      "OIDC_CLIENT_SECRET is the portal's client secret docker-compose.yml and infra/keycloak/deelwijs-realm.json once had: it is public, so it protects nothing",
    ]);
    expect(error.message).toContain('DEELWIJS_DEVELOPMENT=true');
    expect(error.message).not.toContain(OLD_COMPOSE_CLIENT_SECRET);
  });

  it('refuses the placeholder of infra/k8s/secret.yaml and well-known defaults', () => {
    expect(configError(() => load({ OIDC_CLIENT_SECRET: 'replace-me' })).problems).toEqual([
      expect.stringMatching(/^OIDC_CLIENT_SECRET is the placeholder in infra\/k8s\/secret.yaml/),
    ]);
    expect(configError(() => load({ OIDC_CLIENT_SECRET: 'secret' })).problems).toEqual([
      'OIDC_CLIENT_SECRET is a well-known default, the first value anyone tries',
    ]);
  });

  it('lets the old one through only with DEELWIJS_DEVELOPMENT=true, with a warning', () => {
    const warnings: string[] = [];

    const config = load({ OIDC_CLIENT_SECRET: OLD_COMPOSE_CLIENT_SECRET, DEELWIJS_DEVELOPMENT: 'true' }, (message) => warnings.push(message));

    expect(config.OIDC_CLIENT_SECRET).toBe(OLD_COMPOSE_CLIENT_SECRET);
    expect(warnings).toEqual([expect.stringMatching(/^OIDC_CLIENT_SECRET is the portal's client secret .* Accepted only because DEELWIJS_DEVELOPMENT=true/)]);
  });

  it('is required', () => {
    expect(configError(() => load({})).problems).toEqual([expect.stringMatching(/^OIDC_CLIENT_SECRET is required/)]);
  });

  it('accepts a sound one', () => {
    expect(load({ OIDC_CLIENT_SECRET: SOUND_CLIENT_SECRET }).OIDC_CLIENT_SECRET).toBe(SOUND_CLIENT_SECRET);
  });

  describe('from a file, as compose gives it (OIDC_CLIENT_SECRET_FILE)', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'portal-config-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the secret from the file', () => {
      writeFileSync(join(dir, 'OIDC_CLIENT_SECRET'), SOUND_CLIENT_SECRET);

      expect(load({ OIDC_CLIENT_SECRET_FILE: join(dir, 'OIDC_CLIENT_SECRET') }).OIDC_CLIENT_SECRET).toBe(SOUND_CLIENT_SECRET);
    });

    it('refuses the published secret from a file as from the environment', () => {
      writeFileSync(join(dir, 'OIDC_CLIENT_SECRET'), `${OLD_COMPOSE_CLIENT_SECRET}\n`);

      expect(configError(() => load({ OIDC_CLIENT_SECRET_FILE: join(dir, 'OIDC_CLIENT_SECRET') })).problems).toEqual([
        expect.stringMatching(/^OIDC_CLIENT_SECRET is the portal's client secret docker-compose.yml .* once had: it is public/),
      ]);
    });
  });
});
