import { readFileSync } from 'node:fs';

/**
 * Which settings of a config class are credentials, and the rules every credential meets at
 * start-up: not a value published in this repository or a well-known default, not a
 * placeholder, long enough. A service declares its own with `@SecretSetting()` on the field;
 * `loadConfig` applies the rules to all of them, and reads `<NAME>_FILE` for each (Docker and
 * Kubernetes secrets mounted as files).
 */
export interface SecretSettingRule {
  /**
   * `value`: the whole setting is the secret (a signing key, a password).
   * `url-password`: the password in the URL, or in each of a comma-separated list of URLs
   * (`postgres://user:password@host/db`, `nats://user:password@a:4222,nats://...`).
   */
  kind: 'value' | 'url-password';
  /** Shorter secrets are refused; 0 leaves the length to whoever issued the credential. */
  minLength: number;
}

export interface SecretSettingDeclaration extends SecretSettingRule {
  name: string;
}

/**
 * Passwords in URLs are accounts an operator creates for the service (a managed database's
 * role, a Redis or NATS user); 16 characters is the least a generated one has.
 */
export const URL_PASSWORD_MIN_LENGTH = 16;

const declared = new WeakMap<object, Map<string, SecretSettingRule>>();

/** Marks a config setting as a credential: refused at start-up when known, a placeholder or too short. */
export function SecretSetting(rule: Partial<SecretSettingRule> = {}): PropertyDecorator {
  return (prototype, property) => {
    const own = declared.get(prototype) ?? new Map<string, SecretSettingRule>();
    const kind = rule.kind ?? 'value';
    own.set(String(property), { kind, minLength: rule.minLength ?? (kind === 'url-password' ? URL_PASSWORD_MIN_LENGTH : 0) });
    declared.set(prototype, own);
  };
}

/** The credentials a config class declares, its base classes' included. */
export function secretSettingsOf(ConfigClass: new () => unknown): SecretSettingDeclaration[] {
  const found = new Map<string, SecretSettingRule>();
  for (let prototype = ConfigClass.prototype as object | null; prototype; prototype = Object.getPrototypeOf(prototype) as object | null) {
    for (const [name, rule] of declared.get(prototype) ?? []) {
      if (!found.has(name)) {
        found.set(name, rule);
      }
    }
  }
  return [...found].map(([name, rule]) => ({ name, ...rule }));
}

/**
 * Values anyone can read in this repository (today or in its history): whoever runs with one
 * of them has no secret at all. A test reads the example files (docker-compose.yml,
 * infra/k8s/, any .env.example) and fails while one of their credentials is missing here.
 */
export const PUBLISHED_SECRETS: ReadonlyArray<{ value: string; source: string }> = [
  { value: 'local-development-only-secret-do-not-use-in-production', source: 'the default docker-compose.yml once had' },
  { value: 'replace-me', source: 'the placeholder in infra/k8s/secret.yaml' },
  { value: 'test-secret-test-secret-test-secret-0123', source: 'the fixed test secret libs/testing once had' },
  {
    value: 'local-development-only-portal-client-secret',
    source: "the portal's client secret docker-compose.yml and infra/keycloak/deelwijs-realm.json once had",
  },
  { value: 'deelwijs-demo', source: "the demo users' password infra/keycloak/deelwijs-realm.json once had" },
  { value: 'local-development-only', source: 'the Keycloak admin password docker-compose.yml once had' },
];

/** Defaults of database images, tutorials and installers, which scanners try first. */
const WELL_KNOWN_DEFAULTS = new Set([
  'admin',
  'changeit',
  'changeme',
  'default',
  'guest',
  'letmein',
  'minioadmin',
  'nats',
  'pass',
  'passw0rd',
  'password',
  'postgres',
  'qwerty',
  'redis',
  'root',
  'secret',
  'test',
  'welcome',
  '123456',
  '12345678',
]);

/** Words that mark a value someone was meant to replace. */
const PLACEHOLDER_MARKERS = /replace[-_ ]?me|change[-_ ]?me|do[-_ ]?not[-_ ]?use|placeholder|development[-_ ]?only|insecure/i;

export interface SecretFinding {
  name: string;
  /** Says what is wrong without quoting the secret. */
  reason: string;
}

/**
 * Checks each declared credential among the given values. Returns one finding per credential
 * that must not run outside development; settings that are unset or not strings are left to
 * the config's own validation.
 */
export function findUnsafeSecrets(values: Record<string, unknown>, settings: SecretSettingDeclaration[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const setting of settings) {
    const value = values[setting.name];
    if (typeof value !== 'string' || value === '') {
      continue;
    }
    const secrets = setting.kind === 'value' ? [value] : urlPasswords(value);
    const subject = setting.kind === 'value' ? setting.name : `${setting.name} has a password that`;
    for (const secret of secrets) {
      const reason = whyUnsafe(secret, setting.minLength);
      if (reason) {
        findings.push({ name: setting.name, reason: `${subject} ${reason}` });
        break;
      }
    }
  }
  return findings;
}

function whyUnsafe(secret: string, minLength: number): string | undefined {
  const published = PUBLISHED_SECRETS.find((known) => known.value === secret);
  if (published) {
    return `is ${published.source}: it is public, so it protects nothing`;
  }
  if (WELL_KNOWN_DEFAULTS.has(secret.toLowerCase())) {
    return 'is a well-known default, the first value anyone tries';
  }
  const marker = PLACEHOLDER_MARKERS.exec(secret);
  if (marker) {
    return `is a placeholder (it contains "${marker[0]}")`;
  }
  if (secret.length < minLength) {
    return `must be at least ${minLength} characters (got a value of ${secret.length} characters)`;
  }
  return undefined;
}

/** The passwords of the URLs in a setting (one URL, or several separated by commas). */
function urlPasswords(value: string): string[] {
  return value
    .split(',')
    .map((part) => {
      try {
        return decodeURIComponent(new URL(part.trim()).password);
      } catch {
        return '';
      }
    })
    .filter((password) => password !== '');
}

/**
 * The settings that come from files: for each credential NAME with NAME_FILE set, the file's
 * content (one trailing line break dropped). Problems name the variable; a path is not a secret.
 */
export function readSecretFiles(
  env: NodeJS.ProcessEnv,
  settings: SecretSettingDeclaration[],
): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const { name } of settings) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === '') {
      continue;
    }
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name} and ${name}_FILE are both set: set one of them`);
      continue;
    }
    let content: string;
    try {
      content = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}: ${file})`);
      continue;
    }
    if (content === '') {
      problems.push(`${name}_FILE names an empty file (${file})`);
      continue;
    }
    values[name] = content;
  }
  return { values, problems };
}
