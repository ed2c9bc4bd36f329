import 'reflect-metadata';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair } from '@deelwijs/contracts';
import { SecretSetting } from './secret-settings';
import { BaseServiceConfig, ConfigError, loadConfig, ServiceConfig } from './service-config';

/** Like the services' own config classes: the platform's settings plus one of its own. */
class ExampleConfig extends ServiceConfig {
  @IsString()
  @MinLength(3)
  EXAMPLE_SETTING = 'default-example';

  /** A credential of the service's own, as a service declares one. */
  @SecretSetting({ minLength: 20 })
  @IsOptional()
  @IsString()
  EXAMPLE_WEBHOOK_SECRET?: string;
}

/** Like the portal's: no database of its own, a credential of its own. */
class ExampleGatewayConfig extends BaseServiceConfig {
  @SecretSetting()
  @IsString()
  EXAMPLE_CLIENT_SECRET: string;
}

/** The defaults a service definition passes, as in services/*\/src/*.service-definition.ts. */
const SERVICE_DEFAULTS = {
  PORT: '3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/deelwijs_example',
};

const SECRET = 'a-test-secret-that-is-long-enough-123';
const PUBLIC_KEY = generateSigningKeyPair().publicKey;

/** A complete environment: what loadConfig needs beyond the service's defaults. */
function env(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { AUTH_JWT_SECRET: SECRET, IDENTITY_SIGNING_PUBLIC_KEY: PUBLIC_KEY, ...overrides };
}

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

describe('loadConfig', () => {
  describe('defaults', () => {
    it('applies the class defaults when the environment does not set them', () => {
      const config = loadConfig(ExampleConfig, env(), SERVICE_DEFAULTS);

      expect(config).toBeInstanceOf(ExampleConfig);
      expect(config.HOST).toBe('0.0.0.0');
      expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
      expect(config.DATABASE_POOL_SIZE).toBe(20);
      expect(config.CONSUMER_BACKOFF_MS).toEqual([500, 2_000, 10_000, 30_000]);
      expect(config.EVENTS_NAMESPACE).toBe('');
      expect(config.FAULT_INJECTION).toBeUndefined();
      expect(config.EXAMPLE_SETTING).toBe('default-example');
    });

    it('applies the service defaults, converting numbers from their string form', () => {
      const config = loadConfig(ExampleConfig, env(), SERVICE_DEFAULTS);

      expect(config.PORT).toBe(3001);
      expect(config.DATABASE_URL).toBe(SERVICE_DEFAULTS.DATABASE_URL);
    });

    it('lets the environment override the service defaults and the class defaults', () => {
      const config = loadConfig(
        ExampleConfig,
        env({
          PORT: '8080',
          DATABASE_URL: 'postgresql://u:Zk4-generated-pw-9q2W@db.internal:5433/other_db?sslmode=require',
          NATS_URL: 'nats://a:4222,tls://b:4222',
          DATABASE_POOL_SIZE: '5',
          EXAMPLE_SETTING: 'from-env',
        }),
        SERVICE_DEFAULTS,
      );

      expect(config.PORT).toBe(8080);
      expect(config.DATABASE_URL).toBe('postgresql://u:Zk4-generated-pw-9q2W@db.internal:5433/other_db?sslmode=require');
      expect(config.NATS_URL).toBe('nats://a:4222,tls://b:4222');
      expect(config.DATABASE_POOL_SIZE).toBe(5);
      expect(config.EXAMPLE_SETTING).toBe('from-env');
    });

    it('treats an empty environment variable as unset, so the default still applies', () => {
      const config = loadConfig(ExampleConfig, env({ PORT: '', LOG_LEVEL: '' }), SERVICE_DEFAULTS);

      expect(config.PORT).toBe(3001);
      expect(config.LOG_LEVEL).toBe('info');
    });

    it('ignores unrelated environment variables', () => {
      const config = loadConfig(
        ExampleConfig,
        env({ PATH: '/usr/bin', HOME: '/root', lower_case: 'x' }),
        SERVICE_DEFAULTS,
      );

      expect(config).not.toHaveProperty('PATH');
      expect(config).not.toHaveProperty('HOME');
      expect(config).not.toHaveProperty('lower_case');
    });
  });

  describe('parsing', () => {
    it('parses CONSUMER_BACKOFF_MS from a comma-separated list into numbers', () => {
      const config = loadConfig(ExampleConfig, env({ CONSUMER_BACKOFF_MS: '100,200' }), SERVICE_DEFAULTS);

      expect(config.CONSUMER_BACKOFF_MS).toEqual([100, 200]);
    });

    it('tolerates spaces around the CONSUMER_BACKOFF_MS entries', () => {
      const config = loadConfig(
        ExampleConfig,
        env({ CONSUMER_BACKOFF_MS: ' 100 , 250 ,1000' }),
        SERVICE_DEFAULTS,
      );

      expect(config.CONSUMER_BACKOFF_MS).toEqual([100, 250, 1000]);
    });

    it('accepts a known FAULT_INJECTION value', () => {
      const config = loadConfig(
        ExampleConfig,
        env({ FAULT_INJECTION: 'crash-after-publish' }),
        SERVICE_DEFAULTS,
      );

      expect(config.FAULT_INJECTION).toBe('crash-after-publish');
    });
  });

  describe('missing required settings', () => {
    it.each(['DATABASE_URL', 'PORT'])(
      'names %s when neither the environment nor the service defaults set it',
      (variable) => {
        const defaults: Record<string, string> = { ...SERVICE_DEFAULTS };
        delete defaults[variable];

        const error = configError(() => loadConfig(ExampleConfig, env(), defaults));

        expect(error.name).toBe('ConfigError');
        expect(error.problems).toEqual([expect.stringMatching(new RegExp(`^${variable} is required`))]);
        expect(error.message).toContain(variable);
      },
    );

    it('names AUTH_JWT_SECRET when it is missing', () => {
      const error = configError(() => loadConfig(ExampleConfig, { IDENTITY_SIGNING_PUBLIC_KEY: PUBLIC_KEY }, SERVICE_DEFAULTS));

      expect(error.problems).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET is required/)]);
    });

    it('reports every missing variable at once', () => {
      const error = configError(() => loadConfig(ExampleConfig, {}));

      const named = error.problems.map((problem) => problem.split(' ')[0]).sort();
      expect(named).toEqual(['AUTH_JWT_SECRET', 'DATABASE_URL', 'IDENTITY_SIGNING_PUBLIC_KEY', 'PORT']);
      expect(error.message.split('\n')).toHaveLength(5);
    });
  });

  describe('invalid values', () => {
    it.each([
      ['PORT', 'abc'],
      ['PORT', '0'],
      ['PORT', '70000'],
      ['PORT', '30.5'],
      ['NATS_URL', 'http://x'],
      ['NATS_URL', 'nats://a:4222,http://b'],
      ['DATABASE_URL', 'mysql://localhost/db'],
      ['DATABASE_URL', 'postgres://localhost'],
      ['REDIS_URL', 'localhost:6379'],
      ['AUTH_JWT_SECRET', 'too-short'],
      ['FAULT_INJECTION', 'bogus'],
      ['LOG_LEVEL', 'loud'],
      ['STREAM_REPLICAS', '2'],
      ['EVENTS_NAMESPACE', 'has.dot'],
      ['CONSUMER_BACKOFF_MS', '100,abc'],
      ['CONSUMER_BACKOFF_MS', '100,-5'],
      ['EXAMPLE_SETTING', 'x'],
    ])('names %s when it is set to "%s"', (variable, value) => {
      const error = configError(() =>
        loadConfig(ExampleConfig, env({ [variable]: value }), SERVICE_DEFAULTS),
      );

      expect(error.problems.length).toBeGreaterThan(0);
      for (const problem of error.problems) {
        expect(problem.startsWith(`${variable} `)).toBe(true);
      }
      expect(error.message).toContain(`  - ${variable} `);
    });

    it('explains the rule that was broken', () => {
      const nats = configError(() =>
        loadConfig(ExampleConfig, env({ NATS_URL: 'http://x' }), SERVICE_DEFAULTS),
      );
      const secret = configError(() =>
        loadConfig(ExampleConfig, env({ AUTH_JWT_SECRET: 'x'.repeat(31) }), SERVICE_DEFAULTS),
      );

      expect(nats.problems.join()).toContain('must be nats://host:port');
      expect(nats.problems.join()).toContain('http://x');
      expect(secret.problems.join()).toContain('at least 32 characters');
    });

    it('never quotes a refused secret, nor the password in a refused URL', () => {
      const secret = configError(() =>
        loadConfig(ExampleConfig, env({ AUTH_JWT_SECRET: 'short-but-still-secret' }), SERVICE_DEFAULTS),
      );
      const url = configError(() =>
        loadConfig(ExampleConfig, env({ DATABASE_URL: 'postgres://app:hunter2-pass@db:5432/bad-name!' }), SERVICE_DEFAULTS),
      );

      expect(secret.message).toContain('AUTH_JWT_SECRET must be at least 32 characters (got a value of 22 characters)');
      expect(secret.message).not.toContain('short-but-still-secret');
      expect(url.message).toContain('postgres://app:***@db:5432/bad-name!');
      expect(url.message).not.toContain('hunter2-pass');
    });

    it('accepts an AUTH_JWT_SECRET of exactly 32 characters', () => {
      expect(
        loadConfig(ExampleConfig, env({ AUTH_JWT_SECRET: 'x'.repeat(32) }), SERVICE_DEFAULTS).AUTH_JWT_SECRET,
      ).toHaveLength(32);
    });

    it('rejects a bad service default just like a bad environment value', () => {
      const error = configError(() =>
        loadConfig(ExampleConfig, env(), { ...SERVICE_DEFAULTS, PORT: 'not-a-port' }),
      );

      expect(error.problems.length).toBeGreaterThan(0);
      expect(error.problems.every((problem) => problem.startsWith('PORT '))).toBe(true);
    });
  });

  describe('NATS user and identity keys', () => {
    it('takes a NATS user with its password, also from NATS_PASSWORD_FILE, and neither without the other', () => {
      const password = 'a-nats-password-of-32-characters';
      expect(loadConfig(ExampleConfig, env({ NATS_USER: 'activities', NATS_PASSWORD: password }), SERVICE_DEFAULTS)).toMatchObject({
        NATS_USER: 'activities',
        NATS_PASSWORD: password,
      });
      const dir = mkdtempSync(join(tmpdir(), 'config-nats-'));
      try {
        writeFileSync(join(dir, 'nats'), `${password}\n`);
        expect(loadConfig(ExampleConfig, env({ NATS_USER: 'activities', NATS_PASSWORD_FILE: join(dir, 'nats') }), SERVICE_DEFAULTS).NATS_PASSWORD).toBe(password);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect(configError(() => loadConfig(ExampleConfig, env({ NATS_USER: 'activities' }), SERVICE_DEFAULTS)).problems).toEqual([
        'NATS_PASSWORD is required when NATS_USER is set (or NATS_PASSWORD_FILE)',
      ]);
      expect(configError(() => loadConfig(ExampleConfig, env({ NATS_PASSWORD: password }), SERVICE_DEFAULTS)).problems).toEqual([
        'NATS_USER is required when NATS_PASSWORD is set',
      ]);
      expect(configError(() => loadConfig(ExampleConfig, env({ NATS_USER: 'activities', NATS_PASSWORD: 'replace-me' }), SERVICE_DEFAULTS)).problems).toEqual([
        expect.stringMatching(/^NATS_PASSWORD is the placeholder in infra\/k8s\/secret.yaml/),
      ]);
    });

    it('refuses an identity public key that is no Ed25519 key, and names a placeholder as one', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
      expect(configError(() => loadConfig(ExampleConfig, env({ IDENTITY_SIGNING_PUBLIC_KEY: rsa }), SERVICE_DEFAULTS)).problems).toEqual([
        expect.stringMatching(/^IDENTITY_SIGNING_PUBLIC_KEY must be Ed25519 public keys/),
      ]);
      expect(configError(() => loadConfig(ExampleConfig, env({ IDENTITY_SIGNING_PUBLIC_KEY: 'replace-me' }), SERVICE_DEFAULTS)).problems).toEqual([
        expect.stringMatching(/^IDENTITY_SIGNING_PUBLIC_KEY is the placeholder in infra\/k8s\/secret.yaml/),
      ]);
      const rotating = `${PUBLIC_KEY},${generateSigningKeyPair().publicKey}`;
      expect(loadConfig(ExampleConfig, env({ IDENTITY_SIGNING_PUBLIC_KEY: rotating }), SERVICE_DEFAULTS).IDENTITY_SIGNING_PUBLIC_KEY).toBe(rotating);
    });
  });

  describe('credentials', () => {
    const PUBLISHED = 'local-development-only-secret-do-not-use-in-production';

    it.each([
      ['AUTH_JWT_SECRET', PUBLISHED, 'AUTH_JWT_SECRET is the default docker-compose.yml once had: it is public'],
      ['AUTH_JWT_SECRET', 'replace-me', 'AUTH_JWT_SECRET is the placeholder in infra/k8s/secret.yaml'],
      ['DATABASE_URL', 'postgres://app:replace-me@db.internal:5432/x', 'DATABASE_URL has a password that is the placeholder'],
      ['REDIS_URL', 'rediss://default:replace-me@redis.internal:6379', 'REDIS_URL has a password that is the placeholder'],
      ['NATS_URL', 'nats://deelwijs:nats@a:4222,nats://deelwijs:nats@b:4222', 'NATS_URL has a password that is a well-known default'],
      ['DATABASE_URL', 'postgres://app:short-pw@db:5432/x', 'DATABASE_URL has a password that must be at least 16 characters (got a value of 8 characters)'],
      ['EXAMPLE_WEBHOOK_SECRET', 'x'.repeat(19), 'EXAMPLE_WEBHOOK_SECRET must be at least 20 characters'],
    ])('refuses %s set to "%s", naming it and why, and says what to do', (variable, value, reason) => {
      const error = configError(() => loadConfig(ExampleConfig, env({ [variable]: value }), SERVICE_DEFAULTS));

      expect(error.problems).toEqual([expect.stringContaining(reason)]);
      expect(error.problems[0].startsWith(`${variable} `)).toBe(true);
      expect(error.message).toContain('openssl rand -base64 48');
      expect(error.message).toContain('DEELWIJS_DEVELOPMENT=true');
      expect(error.message).not.toContain(value);
    });

    it('lets them pass with DEELWIJS_DEVELOPMENT=true, with a warning per credential', () => {
      const warnings: string[] = [];

      const config = loadConfig(
        ExampleConfig,
        env({ AUTH_JWT_SECRET: PUBLISHED, DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/dev', DEELWIJS_DEVELOPMENT: 'true' }),
        SERVICE_DEFAULTS,
        { warn: (message) => warnings.push(message) },
      );

      expect(config.DEELWIJS_DEVELOPMENT).toBe(true);
      expect(config.AUTH_JWT_SECRET).toBe(PUBLISHED);
      expect(warnings).toEqual([
        expect.stringMatching(/^DATABASE_URL has a password that is a well-known default.*Accepted only because DEELWIJS_DEVELOPMENT=true/),
        expect.stringMatching(/^AUTH_JWT_SECRET is the default docker-compose.yml once had.*Accepted only because DEELWIJS_DEVELOPMENT=true/),
      ]);
      expect(warnings.join()).not.toContain(PUBLISHED);
    });

    it('warns about nothing when the credentials are sound', () => {
      const warnings: string[] = [];

      loadConfig(ExampleConfig, env({ DEELWIJS_DEVELOPMENT: 'true' }), SERVICE_DEFAULTS, { warn: (message) => warnings.push(message) });

      expect(warnings).toEqual([]);
    });

    it('takes DEELWIJS_DEVELOPMENT as true or false only, and false by default', () => {
      expect(loadConfig(ExampleConfig, env(), SERVICE_DEFAULTS).DEELWIJS_DEVELOPMENT).toBe(false);
      expect(loadConfig(ExampleConfig, env({ DEELWIJS_DEVELOPMENT: 'false' }), SERVICE_DEFAULTS).DEELWIJS_DEVELOPMENT).toBe(false);
      const error = configError(() => loadConfig(ExampleConfig, env({ DEELWIJS_DEVELOPMENT: 'yes', AUTH_JWT_SECRET: 'replace-me' }), SERVICE_DEFAULTS));
      expect(error.problems).toEqual([
        'DEELWIJS_DEVELOPMENT must be true or false (got "yes")',
        expect.stringMatching(/^AUTH_JWT_SECRET is the placeholder/),
      ]);
    });

    describe('from files (NAME_FILE)', () => {
      let dir: string;
      beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'config-secrets-'));
      });
      afterEach(() => rmSync(dir, { recursive: true, force: true }));

      it('reads a credential from the file its _FILE variable names', () => {
        writeFileSync(join(dir, 'jwt'), `${SECRET}\n`);

        const config = loadConfig(ExampleConfig, { AUTH_JWT_SECRET_FILE: join(dir, 'jwt'), IDENTITY_SIGNING_PUBLIC_KEY: PUBLIC_KEY }, SERVICE_DEFAULTS);

        expect(config.AUTH_JWT_SECRET).toBe(SECRET);
      });

      it('checks a credential read from a file like one from the environment', () => {
        writeFileSync(join(dir, 'jwt'), 'replace-me\n');

        const error = configError(() => loadConfig(ExampleConfig, { AUTH_JWT_SECRET_FILE: join(dir, 'jwt'), IDENTITY_SIGNING_PUBLIC_KEY: PUBLIC_KEY }, SERVICE_DEFAULTS));

        expect(error.problems).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET is the placeholder/)]);
      });

      it('reads and checks the credentials of a config on BaseServiceConfig (a gateway, like the portal) the same way', () => {
        writeFileSync(join(dir, 'client'), `${SECRET}\n`);
        writeFileSync(join(dir, 'published'), 'local-development-only-portal-client-secret');

        expect(loadConfig(ExampleGatewayConfig, { EXAMPLE_CLIENT_SECRET_FILE: join(dir, 'client') }, { PORT: '3000' }).EXAMPLE_CLIENT_SECRET).toBe(SECRET);
        expect(
          configError(() => loadConfig(ExampleGatewayConfig, { EXAMPLE_CLIENT_SECRET_FILE: join(dir, 'published') }, { PORT: '3000' })).problems,
        ).toEqual([expect.stringMatching(/^EXAMPLE_CLIENT_SECRET is the portal's client secret .* once had: it is public/)]);
      });

      it('refuses a file it cannot read, and both forms at once', () => {
        writeFileSync(join(dir, 'jwt'), SECRET);

        expect(
          configError(() => loadConfig(ExampleConfig, { AUTH_JWT_SECRET_FILE: join(dir, 'nope'), IDENTITY_SIGNING_PUBLIC_KEY: PUBLIC_KEY }, SERVICE_DEFAULTS)).problems,
        ).toEqual([`AUTH_JWT_SECRET_FILE cannot be read (ENOENT: ${join(dir, 'nope')})`, expect.stringMatching(/^AUTH_JWT_SECRET is required/)]);
        expect(
          configError(() => loadConfig(ExampleConfig, env({ AUTH_JWT_SECRET_FILE: join(dir, 'jwt') }), SERVICE_DEFAULTS)).problems,
        ).toEqual(['AUTH_JWT_SECRET and AUTH_JWT_SECRET_FILE are both set: set one of them']);
      });
    });
  });
});

describe('the edge settings', () => {
  it('takes a hop count or proxy addresses and ranges for TRUST_PROXY, none by default', () => {
    expect(loadConfig(ExampleConfig, env(), SERVICE_DEFAULTS).TRUST_PROXY).toBe('');
    for (const value of ['1', '10.0.0.0/8,fd00::/8', '192.0.2.1', 'loopback, uniquelocal']) {
      expect(loadConfig(ExampleConfig, env({ TRUST_PROXY: value }), SERVICE_DEFAULTS).TRUST_PROXY).toBe(value);
    }
    for (const value of ['true', '10.0.0.0/40', 'proxy.example', '1,2']) {
      expect(() => loadConfig(ExampleConfig, env({ TRUST_PROXY: value }), SERVICE_DEFAULTS)).toThrow(/TRUST_PROXY must be a hop count/);
    }
  });

  it('takes origins for CORS_ALLOWED_ORIGINS, none by default, and refuses a URL with a path or a wildcard', () => {
    expect(loadConfig(ExampleConfig, env(), SERVICE_DEFAULTS).CORS_ALLOWED_ORIGINS).toEqual([]);
    expect(
      loadConfig(ExampleConfig, env({ CORS_ALLOWED_ORIGINS: 'https://portal.example.nl, http://localhost:5173' }), SERVICE_DEFAULTS).CORS_ALLOWED_ORIGINS,
    ).toEqual(['https://portal.example.nl', 'http://localhost:5173']);
    for (const value of ['*', 'https://portal.example.nl/app', 'portal.example.nl']) {
      expect(() => loadConfig(ExampleConfig, env({ CORS_ALLOWED_ORIGINS: value }), SERVICE_DEFAULTS)).toThrow(/CORS_ALLOWED_ORIGINS must be origins/);
    }
  });
});
