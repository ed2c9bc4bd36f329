import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findUnsafeSecrets,
  PUBLISHED_SECRETS,
  readSecretFiles,
  SecretSetting,
  secretSettingsOf,
  URL_PASSWORD_MIN_LENGTH,
  type SecretSettingDeclaration,
} from './secret-settings';

class BaseSettings {
  @SecretSetting({ minLength: 32 })
  SIGNING_KEY: string;

  @SecretSetting({ kind: 'url-password' })
  BROKER_URL: string;

  PLAIN = 'not a secret';
}

class ServiceSettings extends BaseSettings {
  @SecretSetting()
  RELAY_PASSWORD?: string;
}

const SETTINGS: SecretSettingDeclaration[] = [
  { name: 'SIGNING_KEY', kind: 'value', minLength: 32 },
  { name: 'BROKER_URL', kind: 'url-password', minLength: URL_PASSWORD_MIN_LENGTH },
  { name: 'RELAY_PASSWORD', kind: 'value', minLength: 0 },
];

const STRONG = 'Jk2n8Q-vT3xW9zL5rB7yH1cF4mP6sD0a';
const STRONG_PASSWORD = 'q9T-w2Zx7LmR4vB8';

describe('secretSettingsOf', () => {
  it('lists the credentials a class declares, with its base classes', () => {
    expect(secretSettingsOf(ServiceSettings)).toEqual(expect.arrayContaining(SETTINGS));
    expect(secretSettingsOf(ServiceSettings)).toHaveLength(3);
  });

  it('does not give a base class the credentials of its subclasses', () => {
    expect(secretSettingsOf(BaseSettings).map((setting) => setting.name).sort()).toEqual(['BROKER_URL', 'SIGNING_KEY']);
  });
});

describe('findUnsafeSecrets', () => {
  it('passes strong credentials, password-less URLs and unset settings', () => {
    expect(
      findUnsafeSecrets(
        { SIGNING_KEY: STRONG, BROKER_URL: `nats://svc:${STRONG_PASSWORD}@a:4222,nats://b:4222`, PLAIN: 'password' },
        SETTINGS,
      ),
    ).toEqual([]);
    expect(findUnsafeSecrets({ BROKER_URL: 'postgres://postgres@127.0.0.1:5432/db' }, SETTINGS)).toEqual([]);
  });

  it.each(PUBLISHED_SECRETS.map((published) => [published.value, published.source]))(
    'refuses "%s", %s, naming the setting',
    (value, source) => {
      const [finding] = findUnsafeSecrets({ SIGNING_KEY: value }, SETTINGS);

      expect(finding.name).toBe('SIGNING_KEY');
      expect(finding.reason).toBe(`SIGNING_KEY is ${source}: it is public, so it protects nothing`);
    },
  );

  it.each(['postgres', 'Password', 'changeme', 'secret', 'admin'])('refuses the well-known default "%s"', (value) => {
    expect(findUnsafeSecrets({ RELAY_PASSWORD: value }, SETTINGS)).toEqual([
      { name: 'RELAY_PASSWORD', reason: 'RELAY_PASSWORD is a well-known default, the first value anyone tries' },
    ]);
  });

  it.each([
    ['replace-me-with-a-real-secret-please', 'replace-me'],
    ['CHANGE_ME_0123456789abcdef0123456789', 'CHANGE_ME'],
    ['insecure-local-key-0123456789abcdefgh', 'insecure'],
    ['my-placeholder-value-0123456789abcdef', 'placeholder'],
  ])('refuses "%s" as a placeholder', (value, marker) => {
    expect(findUnsafeSecrets({ SIGNING_KEY: value }, SETTINGS)).toEqual([
      { name: 'SIGNING_KEY', reason: `SIGNING_KEY is a placeholder (it contains "${marker}")` },
    ]);
  });

  it('refuses a secret shorter than its setting requires, without quoting it', () => {
    const [finding] = findUnsafeSecrets({ SIGNING_KEY: STRONG.slice(0, 31) }, SETTINGS);

    expect(finding.reason).toBe('SIGNING_KEY must be at least 32 characters (got a value of 31 characters)');
    expect(finding.reason).not.toContain(STRONG.slice(0, 31));
    expect(findUnsafeSecrets({ SIGNING_KEY: STRONG.slice(0, 32) }, SETTINGS)).toEqual([]);
  });

  it('checks the password in every URL of a list, and says which setting carries it', () => {
    expect(findUnsafeSecrets({ BROKER_URL: `nats://svc:${STRONG_PASSWORD}@a:4222,nats://svc:replace-me@b:4222` }, SETTINGS)).toEqual([
      { name: 'BROKER_URL', reason: 'BROKER_URL has a password that is the placeholder in infra/k8s/secret.yaml: it is public, so it protects nothing' },
    ]);
    expect(findUnsafeSecrets({ BROKER_URL: 'redis://:postgres@cache:6379' }, SETTINGS)[0].reason).toBe(
      'BROKER_URL has a password that is a well-known default, the first value anyone tries',
    );
    expect(findUnsafeSecrets({ BROKER_URL: 'rediss://default:short-pw-9@cache:6379' }, SETTINGS)[0].reason).toBe(
      `BROKER_URL has a password that must be at least ${URL_PASSWORD_MIN_LENGTH} characters (got a value of 10 characters)`,
    );
  });

  it('reads a percent-encoded password as the server does', () => {
    expect(findUnsafeSecrets({ BROKER_URL: 'postgres://app:replace%2Dme@db:5432/x' }, SETTINGS)).toHaveLength(1);
  });

  it('reports each unsafe setting once, and only the declared ones', () => {
    const findings = findUnsafeSecrets(
      { SIGNING_KEY: 'replace-me', BROKER_URL: 'nats://a:secret@x:4222,nats://a:secret@y:4222', RELAY_PASSWORD: STRONG, PLAIN: 'replace-me' },
      SETTINGS,
    );

    expect(findings.map((finding) => finding.name)).toEqual(['SIGNING_KEY', 'BROKER_URL']);
  });
});

describe('readSecretFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads NAME from the file NAME_FILE names, without its trailing line break', () => {
    writeFileSync(join(dir, 'key'), `${STRONG}\n`);

    expect(readSecretFiles({ SIGNING_KEY_FILE: join(dir, 'key') }, SETTINGS)).toEqual({ values: { SIGNING_KEY: STRONG }, problems: [] });
  });

  it('ignores _FILE variables of settings that are no credentials', () => {
    writeFileSync(join(dir, 'plain'), 'x');

    expect(readSecretFiles({ PLAIN_FILE: join(dir, 'plain') }, SETTINGS)).toEqual({ values: {}, problems: [] });
  });

  it('names the variable when the file is missing or empty, or when both forms are set', () => {
    writeFileSync(join(dir, 'empty'), '');

    const { values, problems } = readSecretFiles(
      {
        SIGNING_KEY_FILE: join(dir, 'missing'),
        RELAY_PASSWORD_FILE: join(dir, 'empty'),
        BROKER_URL: 'nats://a:4222',
        BROKER_URL_FILE: join(dir, 'empty'),
      },
      SETTINGS,
    );

    expect(values).toEqual({});
    expect(problems).toEqual([
      `SIGNING_KEY_FILE cannot be read (ENOENT: ${join(dir, 'missing')})`,
      'BROKER_URL and BROKER_URL_FILE are both set: set one of them',
      `RELAY_PASSWORD_FILE names an empty file (${join(dir, 'empty')})`,
    ]);
  });
});
