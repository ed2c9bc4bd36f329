/**
 * Structure tests for the deployment files: docker-compose.yml, Dockerfile, .dockerignore, the
 * NATS, PostgreSQL and Redis configs and the Kubernetes manifests. What the services need
 * (names, ports, databases, required settings) is read from their code, so that a new service
 * or a new required setting fails here until the infrastructure follows.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, posix, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { publicKeyOf } from '@deelwijs/contracts';
import { findUnsafeSecrets, MailingServiceConfig, PUBLISHED_SECRETS, secretSettingsOf } from '@deelwijs/platform';
// The structure test is no service: it reads the credentials the portal and the embedded
// provider declare, as it reads the platform's, so that the example files are checked for them too.
// eslint-disable-next-line no-restricted-imports
import { IdentityProviderConfig } from '../services/identity-provider/src/identity-provider.config';
// eslint-disable-next-line no-restricted-imports
import { PortalConfig } from '../services/portal/src/config/portal.config';
// eslint-disable-next-line no-restricted-imports
import { KnowledgeConfig } from '../services/knowledge/src/config/knowledge.config';

const ROOT = resolve(__dirname, '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const exists = (path: string): boolean => existsSync(join(ROOT, path));

// ---------------------------------------------------------------------------------------------
// What the code says the services need
// ---------------------------------------------------------------------------------------------

interface ServiceFacts {
  name: string;
  port: string;
  database: string;
}

/** Name, default port and database of every services/<name>/src/<name>.service-definition.ts. */
function serviceFacts(): ServiceFacts[] {
  return readdirSync(join(ROOT, 'services'))
    .filter((name) => exists(`services/${name}/src/${name}.service-definition.ts`))
    .sort()
    .map((dir) => {
      const source = read(`services/${dir}/src/${dir}.service-definition.ts`);
      const name = /\bname:\s*'([^']+)'/.exec(source)?.[1];
      const port = /\bPORT:\s*'(\d+)'/.exec(source)?.[1];
      const database = /\bDATABASE_URL:\s*'postgres(?:ql)?:\/\/[^']*\/([A-Za-z0-9_]+)'/.exec(source)?.[1];
      if (!name || !port || !database) {
        throw new Error(`cannot read name, PORT and DATABASE_URL defaults from services/${dir}`);
      }
      return { name, port, database };
    });
}

/** Fields of the config classes without a default and not optional: `NAME: type;`. */
function settingsWithoutDefault(source: string): string[] {
  return [...source.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:\s*[^=;\n]+;\s*$/gm)].map((match) => match[1]);
}

const SERVICES = serviceFacts();

/**
 * Every setting a container must be given: those without a default in the config classes,
 * plus the ones whose defaults (127.0.0.1, a single stream replica) are wrong in containers.
 */
const REQUIRED_SETTINGS = [
  ...new Set([
    ...settingsWithoutDefault(read('libs/platform/src/config/service-config.ts')),
    ...SERVICES.flatMap(({ name }) =>
      readdirSync(join(ROOT, 'services', name, 'src', 'config'))
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
        .flatMap((file) => settingsWithoutDefault(read(`services/${name}/src/config/${file}`))),
    ),
    'NATS_URL',
    'REDIS_URL',
    'STREAM_REPLICAS',
  ]),
].sort();

const SERVICE_NAMES = SERVICES.map(({ name }) => name);

/**
 * The credentials the deployables declare (`@SecretSetting`): the platform's and the mailer's,
 * which every service has, and the portal's and the embedded provider's own (the OpenID client
 * secret, the demo password). A container may set each of them as NAME or as NAME_FILE.
 */
const SECRET_SETTINGS = [MailingServiceConfig, PortalConfig, IdentityProviderConfig, KnowledgeConfig]
  .flatMap((ConfigClass) => secretSettingsOf(ConfigClass))
  .filter((setting, index, all) => all.findIndex((other) => other.name === setting.name) === index);
const isSecretSetting = (name: string): boolean => SECRET_SETTINGS.some((setting) => setting.name === name);

describe('what the services need (read from their code)', () => {
  it('finds the three services with their ports and databases', () => {
    expect(SERVICES).toEqual(
      expect.arrayContaining([
        { name: 'activities', port: '3001', database: 'deelwijs_activities' },
        { name: 'knowledge', port: '3002', database: 'deelwijs_knowledge' },
        { name: 'reporting', port: '3003', database: 'deelwijs_reporting' },
      ]),
    );
  });

  it('reads the required settings from the config class', () => {
    expect(REQUIRED_SETTINGS).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'AUTH_JWT_SECRET', 'NATS_URL', 'REDIS_URL']),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Helpers: compose interpolation, URLs, NATS config, image versions
// ---------------------------------------------------------------------------------------------

/** Compose-style interpolation with an empty environment: `${X:-d}` gives d, `${X:?e}` fails. */
function interpolate(value: string): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (_, name: string, op?: string, arg?: string) => {
      if (op?.endsWith('-')) {
        return arg ?? '';
      }
      if (op?.endsWith('?')) {
        return `<required:${name}>`;
      }
      return '';
    },
  );
}

/** Whether a `${X:?...}` placeholder stands in for the value (the user must set it). */
const isRequiredPlaceholder = (value: string): boolean => /^<required:[A-Z0-9_]+>$/.test(value);

function databaseName(url: string): string {
  const parsed = new URL(url);
  expect(['postgres:', 'postgresql:']).toContain(parsed.protocol);
  return parsed.pathname.replace(/^\//, '');
}

/** The host names of a comma-separated NATS_URL; every part must be nats:// or tls://. */
function natsHosts(url: string): string[] {
  return url.split(',').map((part) => {
    const parsed = new URL(part.trim());
    expect(['nats:', 'tls:']).toContain(parsed.protocol);
    expect(parsed.port).toBe('4222');
    return parsed.hostname;
  });
}

/** The text inside `name { ... }` of a NATS config (comments removed), or undefined. */
function natsBlock(conf: string, name: string): string | undefined {
  const text = stripNatsComments(conf);
  const start = new RegExp(`^\\s*${name}\\s*[:=]?\\s*\\{`, 'm').exec(text);
  if (!start) {
    return undefined;
  }
  let depth = 0;
  for (let i = start.index + start[0].length - 1; i < text.length; i++) {
    if (text[i] === '{') {
      depth++;
    } else if (text[i] === '}' && --depth === 0) {
      return text.slice(start.index + start[0].length, i);
    }
  }
  throw new Error(`unbalanced braces in block ${name}`);
}

function stripNatsComments(conf: string): string {
  return conf.replace(/(^|\s)(#|\/\/).*$/gm, '$1');
}

/** `key: value` at the top level of a NATS config text (nested blocks removed). */
function natsValue(text: string, key: string): string | undefined {
  let flat = stripNatsComments(text);
  while (/\{[^{}]*\}/.test(flat)) {
    flat = flat.replace(/\{[^{}]*\}/g, '');
  }
  return new RegExp(`^\\s*${key}\\s*[:=]?\\s*(\\S.*?)\\s*$`, 'm').exec(flat)?.[1];
}

/** [major, minor] of a pinned image tag such as nats:2.11-alpine; fails on latest or no tag. */
function imageVersion(image: string): [number, number] {
  const tag = /:(\d+)\.(\d+)/.exec(image);
  if (!tag) {
    throw new Error(`image ${image} must be pinned to a major.minor version`);
  }
  return [Number(tag[1]), Number(tag[2])];
}

/** Major version of an image tag such as postgres:17-bookworm. */
function majorVersion(image: string): number {
  const tag = /:(\d+)/.exec(image);
  if (!tag) {
    throw new Error(`image ${image} must be pinned to a major version`);
  }
  return Number(tag[1]);
}

const atLeast = ([major, minor]: [number, number], [wantMajor, wantMinor]: [number, number]): boolean =>
  major > wantMajor || (major === wantMajor && minor >= wantMinor);

/** sync_interval is a NATS 2.10 option: a 2.9 server refuses to start with it. */
const SYNC_INTERVAL_SINCE: [number, number] = [2, 10];

function redisDirectives(conf: string): Map<string, string> {
  const directives = new Map<string, string>();
  for (const line of conf.split('\n')) {
    const match = /^\s*([a-z][a-z0-9-]*)\s+(.+?)\s*$/i.exec(line);
    if (match && !line.trim().startsWith('#')) {
      directives.set(match[1].toLowerCase(), match[2]);
    }
  }
  return directives;
}

function databasesCreatedByInitScripts(): string[] {
  const dir = 'infra/postgres/init';
  return readdirSync(join(ROOT, dir))
    .filter((file) => /\.(sql|sh)$/.test(file))
    .flatMap((file) =>
      [
        ...read(`${dir}/${file}`)
          .replace(/--.*$/gm, '')
          .matchAll(/CREATE\s+DATABASE\s+"?([A-Za-z0-9_]+)"?/gi),
      ].map((match) => match[1]),
    );
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------------------------

interface ComposeHealthcheck {
  test?: string | string[];
  disable?: boolean;
}

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | null> | string[];
  ports?: Array<string | { target: number; published?: string | number }>;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: ComposeHealthcheck;
  restart?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

function loadCompose(): ComposeFile {
  // merge: compose supports YAML merge keys (<<), which the file uses for the shared parts.
  return parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
}

function composeEnvironment(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((item) => {
        const at = item.indexOf('=');
        return at < 0 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)];
      })
    : Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value)]));
}

function composeCommand(service: ComposeService): string[] {
  const command = service.command ?? [];
  return Array.isArray(command) ? command : command.split(/\s+/);
}

function composeVolumes(service: ComposeService): Array<{ source: string; target: string }> {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') {
      return { source: volume.source ?? '', target: volume.target };
    }
    const [source, target] = volume.split(':');
    return { source, target };
  });
}

/**
 * The files `secrets-init` writes (one per name in its GENERATED_SECRETS, in its SECRETS_DIR)
 * and the services that read them: those mounting the same volume there and waiting for it.
 */
function generatedSecretFiles(): Array<{ file: string; readBy: string[] }> {
  const { services } = loadCompose();
  const init = services['secrets-init'];
  if (!init) {
    return [];
  }
  const env = composeEnvironment(init);
  const volume = composeVolumes(init).find((mount) => mount.target === env.SECRETS_DIR)?.source;
  const readBy = Object.entries(services)
    .filter(
      ([, service]) =>
        !Array.isArray(service.depends_on) &&
        service.depends_on?.['secrets-init']?.condition === 'service_completed_successfully' &&
        composeVolumes(service).some((mount) => mount.source === volume && mount.target === env.SECRETS_DIR),
    )
    .map(([name]) => name);
  return (env.GENERATED_SECRETS ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((name) => ({ file: posix.join(env.SECRETS_DIR, name), readBy }));
}

/** The names Keycloak's entrypoint (infra/docker/keycloak-entrypoint.sh) sets from files: CREDENTIALS_FROM_FILES. */
function keycloakCredentialsFromFiles(): string[] {
  const env = composeEnvironment(loadCompose().services.keycloak ?? {});
  return (env.CREDENTIALS_FROM_FILES ?? '').split(/[\s,]+/).filter(Boolean);
}

/** NAME, when a realm value is exactly the placeholder ${NAME}: no default, which would be a value anyone can read. */
const realmPlaceholder = (value: string): string | undefined => /^\$\{([A-Z_][A-Z0-9_]*)\}$/.exec(value)?.[1];

/**
 * Every credential in a realm file: each string under a key named like a secret or a password
 * (a client's `secret`), and each `value` of a user's `credentials`.
 */
function realmCredentials(node: unknown, path = ''): Array<{ path: string; value: string }> {
  if (Array.isArray(node)) {
    return node.flatMap((item, index) => realmCredentials(item, `${path}[${index}]`));
  }
  if (node === null || typeof node !== 'object') {
    return [];
  }
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' && (/secret|password/i.test(key) || (key === 'value' && /\.credentials\[\d+\]$/.test(path)))
      ? [{ path: `${path}.${key}`, value }]
      : realmCredentials(value, `${path}.${key}`),
  );
}

/**
 * What Keycloak's --import-realm does to the file's text before reading it as JSON: ${NAME}
 * becomes the environment variable NAME (${NAME:default} its default when unset), and an
 * unknown one stays as it is (org.keycloak.exportimport.AbstractFileBasedImportProvider with
 * StringPropertyReplacer).
 */
function importRealmLikeKeycloak(raw: string, env: Record<string, string>): unknown {
  return JSON.parse(raw.replace(/\$\{([^}:]+)(?::([^}]*))?\}/g, (whole, name: string, fallback?: string) => env[name] ?? fallback ?? whole));
}

/** Container ports a service publishes. */
function composePorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port !== 'string') {
      return port.target;
    }
    const parts = interpolate(port).split(':');
    return Number(parts[parts.length - 1].split('/')[0]);
  });
}

function healthcheckCommand(check: ComposeHealthcheck | undefined): string {
  const test = check?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const services = compose.services;

  it('runs postgres, nats, redis, a mail catcher, the secrets generator, Keycloak, the three services and the portal', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['keycloak', 'mailpit', 'minio', 'minio-init', 'nats', 'portal', 'postgres', 'redis', 'secrets-init', ...SERVICE_NAMES].sort(),
    );
  });

  describe('keycloak and the portal', () => {
    const realm = JSON.parse(read('infra/keycloak/deelwijs-realm.json')) as {
      realm: string;
      roles: { realm: { name: string }[] };
      clients: { clientId: string; secret: string; redirectUris: string[]; protocolMappers: { config: Record<string, string> }[] }[];
      users: { username: string; realmRoles: string[]; attributes?: Record<string, string[]> }[];
    };
    const portal = composeEnvironment(services.portal ?? {});

    it('imports the deelwijs realm with every role the platform knows and a demo user for each role of the contract', () => {
      expect(services.keycloak?.volumes).toEqual(expect.arrayContaining(['./infra/keycloak:/opt/keycloak/data/import:ro']));
      expect(services.keycloak?.command).toEqual(expect.arrayContaining(['--import-realm']));
      expect(realm.roles.realm.map((role) => role.name)).toEqual(expect.arrayContaining(['organiser', 'partner', 'reporter', 'approver', 'admin', 'privacy-officer']));
      expect(realm.users.map((user) => [user.username, user.realmRoles])).toEqual([
        ['organisator', ['organiser']],
        ['partner', ['partner']],
        ['rapporteur', ['reporter']],
        ['goedkeurder', ['approver']],
        ['beheerder', ['admin']],
        ['privacy', ['privacy-officer']],
      ]);
      expect(realm.users.find((user) => user.username === 'partner')?.attributes?.org?.[0]).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("gives the portal the realm's client, redirect URI and issuer, and the services the same issuer and audience", () => {
      const client = realm.clients.find((candidate) => candidate.clientId === portal.OIDC_CLIENT_ID)!;
      // One secret on both sides: the file secrets-init writes, which the portal reads as
      // OIDC_CLIENT_SECRET_FILE and Keycloak's entrypoint turns into the realm's ${NAME}.
      const secretName = realmPlaceholder(client.secret);
      expect(secretName).toBeDefined();
      expect(keycloakCredentialsFromFiles()).toContain(secretName);
      expect(composeEnvironment(services.keycloak ?? {})[`${secretName}_FILE`]).toBe(portal.OIDC_CLIENT_SECRET_FILE);
      expect(generatedSecretFiles()).toContainEqual({ file: portal.OIDC_CLIENT_SECRET_FILE, readBy: expect.arrayContaining(['keycloak', 'portal']) });
      expect(client.redirectUris).toContain(`${portal.PORTAL_PUBLIC_URL}/auth/callback`);
      expect(portal.OIDC_ISSUER_URL).toBe(`${composeEnvironment(services.keycloak ?? {}).KC_HOSTNAME}/realms/${realm.realm}`);
      const audience = client.protocolMappers.map((mapper) => mapper.config['included.custom.audience']).find(Boolean);
      expect(audience).toBe(/OIDC_AUDIENCE = '([^']+)'/.exec(read('libs/platform/src/config/service-config.ts'))?.[1]);
      for (const name of SERVICE_NAMES) {
        expect(composeEnvironment(services[name] ?? {}).OIDC_ISSUER_URL).toBe(portal.OIDC_ISSUER_URL);
        expect(composeEnvironment(services[name] ?? {}).OIDC_ROLES_CLAIM).toBe('realm_access.roles');
      }
    });

    it('forwards to the services by their compose names and starts after Keycloak is healthy', () => {
      expect(portal.ACTIVITIES_URL).toBe('http://activities:3001');
      expect(portal.KNOWLEDGE_URL).toBe('http://knowledge:3002');
      expect(portal.REPORTING_URL).toBe('http://reporting:3003');
      expect(services.portal?.depends_on).toMatchObject({ keycloak: { condition: 'service_healthy' } });
      expect(exists('services/portal/src/main.ts')).toBe(true);
    });

    it('has no credential in the realm, only placeholders without a default, each set from a file secrets-init generates', () => {
      const raw = read('infra/keycloak/deelwijs-realm.json');
      const credentials = realmCredentials(realm);
      const keycloak = composeEnvironment(services.keycloak ?? {});
      const fromFiles = keycloakCredentialsFromFiles();
      const generated = generatedSecretFiles();

      expect(credentials.map(({ path }) => path)).toEqual(
        expect.arrayContaining(['.clients[0].secret', ...realm.users.map((_, index) => `.users[${index}].credentials[0].value`)]),
      );
      for (const { path, value } of credentials) {
        const name = realmPlaceholder(value);
        expect({ path, placeholder: name !== undefined }).toEqual({ path, placeholder: true });
        expect({ path, setFromFile: fromFiles.includes(name ?? '') }).toEqual({ path, setFromFile: true });
        expect(generated).toContainEqual({ file: keycloak[`${name}_FILE`], readBy: expect.arrayContaining(['keycloak']) });
      }
      // Keycloak leaves an unknown ${NAME} as it is: every one must be set.
      const unset = [...raw.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1]).filter((name) => !fromFiles.includes(name));
      expect(unset).toEqual([]);
      for (const { value } of PUBLISHED_SECRETS) {
        expect({ value, inRealm: raw.includes(`"${value}"`) }).toEqual({ value, inRealm: false });
      }
    });

    it("sets Keycloak's admin password from a generated file, through the entrypoint that then runs kc.sh", () => {
      const keycloak = services.keycloak ?? {};
      const env = composeEnvironment(keycloak);
      const entrypoint = Array.isArray(keycloak.entrypoint) ? keycloak.entrypoint : [];

      expect(env.KC_BOOTSTRAP_ADMIN_PASSWORD ?? '').toBe('');
      expect(keycloakCredentialsFromFiles()).toContain('KC_BOOTSTRAP_ADMIN_PASSWORD');
      expect(generatedSecretFiles()).toContainEqual({ file: env.KC_BOOTSTRAP_ADMIN_PASSWORD_FILE, readBy: expect.arrayContaining(['keycloak']) });
      expect(entrypoint[0]).toBe('/bin/bash');
      expect(composeVolumes(keycloak).find((mount) => mount.target === entrypoint[1])?.source).toBe('./infra/docker/keycloak-entrypoint.sh');
      expect(entrypoint.at(-1)).toBe('/opt/keycloak/bin/kc.sh');
    });

    it('runs a Keycloak that replaces ${NAME} in the realm at --import-realm', () => {
      // Documented since the Quarkus distribution; lost in 26.0.0 (keycloak/keycloak#33578),
      // restored on the 26.0 branch (#33598) and in 26.1 (#33589): 26.1 and later have it for certain.
      expect(atLeast(imageVersion(services.keycloak?.image ?? ''), [26, 1])).toBe(true);
    });
  });


  /** Services that run once and exit, which others wait for with service_completed_successfully. */
  const oneShot = (name: string): boolean =>
    Object.values(services).some(
      (service) =>
        !Array.isArray(service.depends_on) && service.depends_on?.[name]?.condition === 'service_completed_successfully',
    );

  it('gives every long-running service a healthcheck', () => {
    for (const [name, service] of Object.entries(services).filter(([candidate]) => !oneShot(candidate))) {
      expect({ name, test: service.healthcheck?.test }).toEqual({ name, test: expect.anything() });
      expect(service.healthcheck?.disable).not.toBe(true);
      expect(healthcheckCommand(service.healthcheck)).not.toMatch(/^NONE/);
      expect(service.restart).toBe('unless-stopped');
    }
  });

  it('keeps data in named volumes that are declared', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, target] of [
      ['postgres', '/var/lib/postgresql/data'],
      ['nats', '/data'],
      ['redis', '/data'],
    ]) {
      const volume = composeVolumes(services[name]).find((mount) => mount.target === target);
      expect({ name, volume: volume?.source }).toEqual({
        name,
        volume: expect.stringMatching(/^[a-z0-9][a-z0-9_-]*$/),
      });
      expect(declared).toContain(volume?.source);
    }
  });

  describe('postgres', () => {
    const postgres = services.postgres;

    it('is PostgreSQL 16 or newer, checked with pg_isready', () => {
      expect(postgres.image).toMatch(/^postgres:/);
      expect(majorVersion(postgres.image ?? '')).toBeGreaterThanOrEqual(16);
      expect(healthcheckCommand(postgres.healthcheck)).toMatch(/pg_isready/);
    });

    it('mounts the init scripts that create every service database', () => {
      const init = composeVolumes(postgres).find((mount) => mount.target === '/docker-entrypoint-initdb.d');
      expect(init?.source).toBe('./infra/postgres/init');
      expect(databasesCreatedByInitScripts().sort()).toEqual(SERVICES.map(({ database }) => database).sort());
    });
  });

  describe('nats', () => {
    const nats = services.nats;
    const command = composeCommand(nats);
    const configFlag = command.findIndex((arg) => arg === '-c' || arg === '--config' || arg === '-config');
    const configPath = command[configFlag + 1];
    const mount = composeVolumes(nats).find((volume) => volume.target === configPath);
    const conf = mount ? readFileSync(join(ROOT, mount.source), 'utf8') : '';

    it('runs the mounted config with JetStream on', () => {
      expect(configFlag).toBeGreaterThanOrEqual(0);
      expect(mount?.source).toBe('./infra/nats/nats-server.conf');
      expect(
        command.some((arg) => arg === '-js' || arg === '--jetstream') ||
          natsBlock(conf, 'jetstream') !== undefined,
      ).toBe(true);
    });

    it('stores JetStream on the data volume, within limits', () => {
      const jetstream = natsBlock(conf, 'jetstream');
      expect(jetstream).toBeDefined();
      const storeDir = natsValue(jetstream ?? '', 'store_dir');
      expect(storeDir).toBe('/data/jetstream');
      const dataVolume = composeVolumes(nats).find((volume) => volume.target === '/data');
      expect(Object.keys(compose.volumes ?? {})).toContain(dataVolume?.source);
      expect(natsValue(jetstream ?? '', 'max_file_store')).toBeDefined();
      expect(natsValue(jetstream ?? '', 'max_memory_store')).toBeDefined();
    });

    it('exposes monitoring on 8222 and checks JetStream through it with a tool the image has', () => {
      expect(natsValue(conf, 'http_port') ?? natsValue(conf, 'monitor_port')).toBe('8222');
      const check = healthcheckCommand(nats.healthcheck);
      expect(check).toMatch(/http:\/\/(127\.0\.0\.1|localhost):8222\/healthz\?js-enabled-only=true/);
      if (/\b(wget|curl)\b/.test(check)) {
        // The default nats image is built FROM scratch: no shell, no wget, no curl.
        expect(nats.image).toMatch(/-alpine$/);
      }
    });

    it('uses sync_interval only on an image that knows it', () => {
      expect(atLeast(imageVersion(nats.image ?? ''), [2, 10])).toBe(true);
      if (natsValue(natsBlock(conf, 'jetstream') ?? '', 'sync_interval') !== undefined) {
        expect(atLeast(imageVersion(nats.image ?? ''), SYNC_INTERVAL_SINCE)).toBe(true);
      }
    });
  });

  describe('redis', () => {
    const redis = services.redis;
    const command = composeCommand(redis);
    const mount = composeVolumes(redis).find((volume) => command.includes(volume.target));

    it('is Redis 7 running the mounted config, checked with redis-cli ping', () => {
      expect(majorVersion(redis.image ?? '')).toBe(7);
      expect(command[0]).toBe('redis-server');
      expect(mount?.source).toBe('./infra/redis/redis.conf');
      expect(healthcheckCommand(redis.healthcheck)).toMatch(/redis-cli.*ping/);
    });

    it('never evicts BullMQ keys and keeps an append-only file', () => {
      const directives = redisDirectives(readFileSync(join(ROOT, mount?.source ?? 'missing'), 'utf8'));
      expect(directives.get('maxmemory-policy')).toBe('noeviction');
      expect(directives.get('appendonly')).toBe('yes');
      expect(directives.get('appendfsync')).toBe('everysec');
      expect(directives.get('dir')).toBe('/data');
    });
  });

  describe.each(SERVICES)('$name', ({ name, port, database }) => {
    const service = compose.services[name] ?? {};
    const env = composeEnvironment(service);

    it('is built from the Dockerfile for its own entry point', () => {
      expect(typeof service.build).toBe('object');
      const build = service.build as { context?: string; dockerfile?: string; args?: Record<string, string> };
      expect(build.context).toBe('.');
      expect(exists(build.dockerfile ?? 'Dockerfile')).toBe(true);
      const selected = build.args?.SERVICE ?? env.SERVICE;
      expect(selected).toBe(name);
      expect(exists(`services/${selected}/src/main.ts`)).toBe(true);
    });

    it('starts after its secrets exist and postgres, nats and redis are healthy', () => {
      expect(service.depends_on).toMatchObject({
        'secrets-init': expect.objectContaining({ condition: 'service_completed_successfully' }),
        postgres: expect.objectContaining({ condition: 'service_healthy' }),
        nats: expect.objectContaining({ condition: 'service_healthy' }),
        redis: expect.objectContaining({ condition: 'service_healthy' }),
      });
    });

    it('sets every required setting (a credential may come from a file, NAME_FILE)', () => {
      const isSet = (name: string): boolean => env[name] !== undefined && env[name] !== '';
      for (const setting of REQUIRED_SETTINGS) {
        expect({ setting, set: isSet(setting) || (isSecretSetting(setting) && isSet(`${setting}_FILE`)) }).toEqual({
          setting,
          set: true,
        });
      }
    });

    it('listens on its port and publishes it', () => {
      expect(env.PORT).toBe(port);
      expect(composePorts(service)).toContain(Number(port));
    });

    it('uses its own database, which the init script creates, on the postgres service', () => {
      expect(databaseName(env.DATABASE_URL)).toBe(database);
      expect(new URL(env.DATABASE_URL).hostname).toBe('postgres');
      expect(databasesCreatedByInitScripts()).toContain(database);
    });

    it('reaches NATS and Redis by their compose names, with one stream replica', () => {
      expect(natsHosts(env.NATS_URL)).toEqual(['nats']);
      expect(new URL(env.REDIS_URL).hostname).toBe('redis');
      expect(env.STREAM_REPLICAS).toBe('1');
    });

    it('has a signing secret of its own: from the file secrets-init writes, or one the user must set', () => {
      const secret = env.AUTH_JWT_SECRET ?? '';
      const fromFile = env.AUTH_JWT_SECRET_FILE ?? '';
      expect({ both: secret !== '' && fromFile !== '' }).toEqual({ both: false });
      if (fromFile === '') {
        expect(isRequiredPlaceholder(secret)).toBe(true);
      } else {
        expect(generatedSecretFiles()).toContainEqual({ file: fromFile, readBy: expect.arrayContaining([name]) });
      }
    });

    it('checks its health on a service endpoint', () => {
      expect(healthcheckCommand(service.healthcheck)).toMatch(/\/health(\/live|\/ready)?\b/);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Dockerfile, .dockerignore and the healthcheck script
// ---------------------------------------------------------------------------------------------

interface Stage {
  name: string;
  base: string;
  lines: string[];
}

function dockerfileStages(dockerfile: string): Stage[] {
  const joined = dockerfile.replace(/\\\n/g, ' ');
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) {
      continue;
    }
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)/.exec(line);
    if (arg && stages.length === 0) {
      args.set(arg[1], arg[2]);
    }
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const base = from[1].replace(
        /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
        (_, name: string) => args.get(name) ?? '',
      );
      stages.push({ name: from[2] ?? String(stages.length), base, lines: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].lines.push(line);
    }
  }
  return stages;
}

/** A stage and the stages it is built FROM, nearest first. */
function lineage(stages: Stage[], stage: Stage): Stage[] {
  const parent = stages.find((candidate) => candidate.name === stage.base);
  return parent ? [stage, ...lineage(stages, parent)] : [stage];
}

describe('Dockerfile', () => {
  const stages = dockerfileStages(read('Dockerfile'));
  const runtime = stages[stages.length - 1];
  const stage = (name: string): Stage =>
    stages.find((candidate) => candidate.name === name) ?? { name, base: '', lines: [] };
  const runs = (target: Stage, pattern: RegExp): boolean =>
    lineage(stages, target).some((candidate) =>
      candidate.lines.some((line) => line.startsWith('RUN') && pattern.test(line)),
    );
  const copiedFrom = (target: Stage, path: RegExp): Stage[] =>
    target.lines
      .map((line) => /^COPY\s+.*--from=(\S+)\s+(\S+)/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null && path.test(match[2]))
      .map((match) => stage(match[1]));

  it('builds every stage on node:20-bookworm-slim', () => {
    for (const candidate of stages) {
      const root = lineage(stages, candidate).at(-1);
      expect({ stage: candidate.name, base: root?.base }).toEqual({
        stage: candidate.name,
        base: 'node:20-bookworm-slim',
      });
    }
  });

  it('compiles with all dependencies and npm run build', () => {
    const builders = copiedFrom(runtime, /dist\/?$/);
    expect(builders).toHaveLength(1);
    expect(runs(builders[0], /npm install(?!.*--omit=dev)/)).toBe(true);
    expect(runs(builders[0], /npm run build/)).toBe(true);
  });

  it('runs with production dependencies only', () => {
    const modules = copiedFrom(runtime, /node_modules\/?$/);
    expect(modules).toHaveLength(1);
    expect(runs(modules[0], /npm install .*--omit=dev/)).toBe(true);
    expect(runs(runtime, /npm (ci|install)\b(?!.*--omit=dev)/)).toBe(false);
  });

  it('runs as a user other than root', () => {
    const user = runtime.lines.filter((line) => line.startsWith('USER')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|\s|$)/);
  });

  it('starts the service named by SERVICE', () => {
    expect(runtime.lines.some((line) => /^ARG\s+SERVICE\b/.test(line))).toBe(true);
    expect(runtime.lines.some((line) => /^ENV\s+SERVICE=/.test(line))).toBe(true);
    const cmd = runtime.lines.filter((line) => line.startsWith('CMD')).at(-1) ?? '';
    expect(cmd).toMatch(/node (--[\w-]+(=\S+)? )*dist\/services\/\$\{?SERVICE[^/]*\/src\/main\.js/);
    // The layout the CMD expects is what the build produces.
    expect(read('tsconfig.build.json')).toMatch(/"outDir":\s*"dist"/);
    for (const { name } of SERVICES) {
      expect(exists(`services/${name}/src/main.ts`)).toBe(true);
    }
  });

  it('runs the services with the node options and malloc settings of infra/service-runtime.json', () => {
    // npm start and the tests' service processes read that file; the image must not drift from it.
    const declared: Record<string, string> = {};
    for (const line of runtime.lines.filter((candidate) => /^ENV\s/.test(candidate))) {
      for (const match of line.slice(4).matchAll(/(\w+)=("([^"]*)"|\S*)/g)) {
        declared[match[1]] = match[3] ?? match[2];
      }
    }
    const wanted = JSON.parse(read('infra/service-runtime.json')) as { nodeArgs: string[]; env: Record<string, string> };
    expect(Object.keys(wanted.env).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(wanted.env)) {
      expect({ name, value: declared[name] }).toEqual({ name, value });
    }
    const cmd = runtime.lines.filter((line) => line.startsWith('CMD')).at(-1) ?? '';
    const nodeArgs = /exec node ((?:--\S+ )*)dist\//.exec(cmd)?.[1].trim().split(/\s+/).filter(Boolean);
    expect(nodeArgs).toEqual(wanted.nodeArgs);
  });

  it('checks liveness with node, as the slim image has neither curl nor wget', () => {
    const healthcheck = runtime.lines.find((line) => line.startsWith('HEALTHCHECK')) ?? '';
    expect(healthcheck).toMatch(/CMD\s+\[?"?node"?/);
    expect(healthcheck).toMatch(/\/health\/live/);
    expect(healthcheck).not.toMatch(/\b(curl|wget)\b/);
  });

  it('copies only files that exist and are not in .dockerignore', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'));
    const sources = stages.flatMap((candidate) =>
      candidate.lines
        .filter((line) => line.startsWith('COPY') && !line.includes('--from='))
        .flatMap((line) => line.replace(/--\S+/g, '').split(/\s+/).slice(1, -1)),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({ source, exists: exists(source) }).toEqual({ source, exists: true });
      const segments = posix.normalize(source).split('/');
      const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
      expect({ source, ignored: prefixes.filter((prefix) => ignored.includes(prefix)) }).toEqual({
        source,
        ignored: [],
      });
    }
  });

  it('leaves host build output and VCS data out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.nx', 'coverage']));
  });
});

describe('infra/docker/healthcheck.js', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/health/live' ? 200 : 503;
      response.end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  const run = (args: string[], env: Record<string, string>): Promise<number | null> =>
    new Promise((done) => {
      const child = spawn(process.execPath, [join(ROOT, 'infra/docker/healthcheck.js'), ...args], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: 'ignore',
      });
      child.on('exit', (code) => done(code));
    });

  it('passes on a 2xx from /health/live', async () => {
    await expect(run([], { PORT: String(port) })).resolves.toBe(0);
  });

  it('fails on a 503 and when nothing listens', async () => {
    await expect(run(['/health/ready'], { PORT: String(port) })).resolves.toBe(1);
    await expect(run([], { PORT: '1' })).resolves.toBe(1);
  });

  it('fails without PORT or a known SERVICE', async () => {
    await expect(run([], {})).resolves.toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------------------------

interface K8sProbe {
  httpGet?: { path: string; port: number | string };
}

interface K8sEnvVar {
  name: string;
  value?: unknown;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}

interface K8sContainer {
  name: string;
  image: string;
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: K8sEnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  readinessProbe?: K8sProbe;
  livenessProbe?: K8sProbe;
  startupProbe?: K8sProbe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

interface K8sPodSpec {
  containers: K8sContainer[];
  volumes?: Array<{ name: string; configMap?: { name: string } }>;
}

interface K8sResource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
  spec?: {
    replicas?: number;
    serviceName?: string;
    clusterIP?: string;
    publishNotReadyAddresses?: boolean;
    selector?: Record<string, string> & { matchLabels?: Record<string, string> };
    ports?: Array<{ name?: string; port: number; targetPort?: number | string }>;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    template?: { metadata: { labels: Record<string, string> }; spec: K8sPodSpec };
    volumeClaimTemplates?: Array<{
      metadata: { name: string };
      spec: { resources: { requests: { storage: string } } };
    }>;
  };
}

interface Kustomization {
  namespace?: string;
  resources?: string[];
  configMapGenerator?: Array<{ name: string; files?: string[] }>;
}

const K8S_DIR = 'infra/k8s';
const isKustomization = (file: string): boolean => /^kustomization\.ya?ml$/.test(file);

function loadYamlDocuments(path: string): K8sResource[] {
  return parseAllDocuments(read(path))
    .map((document) => {
      if (document.errors.length > 0) {
        throw new Error(`${path}: ${document.errors.map((error) => error.message).join('; ')}`);
      }
      return document.toJS() as K8sResource;
    })
    .filter((resource) => resource !== null);
}

function kustomizationIn(dir: string): Kustomization {
  const file = ['kustomization.yaml', 'kustomization.yml'].find((name) => exists(`${dir}/${name}`));
  if (!file) {
    throw new Error(`${dir} has no kustomization.yaml`);
  }
  return parse(read(`${dir}/${file}`)) as Kustomization;
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('Kubernetes manifests (infra/k8s)', () => {
  const kustomization = kustomizationIn(K8S_DIR);
  const manifestFiles = readdirSync(join(ROOT, K8S_DIR)).filter(
    (file) => /\.ya?ml$/.test(file) && !isKustomization(file),
  );
  const resources = manifestFiles.flatMap((file) => loadYamlDocuments(`${K8S_DIR}/${file}`));
  const find = (kind: string, name: string): K8sResource | undefined =>
    resources.find((resource) => resource.kind === kind && resource.metadata.name === name);
  const ofKind = (kind: string): K8sResource[] => resources.filter((resource) => resource.kind === kind);

  describe('kustomization', () => {
    const listed = kustomization.resources ?? [];

    it('lists every manifest in the folder, and nothing that is missing', () => {
      const listedFiles = listed.filter((entry) => /\.ya?ml$/.test(entry));
      expect([...listedFiles].sort()).toEqual([...manifestFiles].sort());
      for (const entry of listed) {
        expect({ entry, exists: exists(posix.join(K8S_DIR, entry)) }).toEqual({ entry, exists: true });
      }
    });

    it('includes the NATS cluster config folder, whose generator files exist', () => {
      const dirs = listed.filter((entry) => statSync(join(ROOT, K8S_DIR, entry)).isDirectory());
      expect(dirs.map((entry) => posix.normalize(posix.join(K8S_DIR, entry)))).toContain(
        'infra/nats/cluster',
      );
      const generators = kustomizationIn('infra/nats/cluster').configMapGenerator ?? [];
      expect(generators.length).toBeGreaterThan(0);
      for (const file of generators.flatMap((generator) => generator.files ?? [])) {
        expect(exists(`infra/nats/cluster/${file.split('=').at(-1)}`)).toBe(true);
      }
    });

    it('puts everything in the namespace it defines', () => {
      expect(kustomization.namespace).toBeDefined();
      expect(find('Namespace', kustomization.namespace ?? '')).toBeDefined();
    });

    it('parses every document as a Kubernetes object', () => {
      for (const resource of resources) {
        expect(resource).toEqual(
          expect.objectContaining({
            apiVersion: expect.any(String),
            kind: expect.any(String),
            metadata: expect.objectContaining({ name: expect.any(String) }),
          }),
        );
      }
    });
  });

  describe('NATS cluster', () => {
    const statefulSet = find('StatefulSet', 'nats');
    const podSpec = statefulSet?.spec?.template?.spec;
    const container = podSpec?.containers.find((candidate) => candidate.name === 'nats');
    const generator = (kustomizationIn('infra/nats/cluster').configMapGenerator ?? [])[0];
    const [confKey, confFile] = (generator?.files?.[0] ?? '=').split('=');
    const conf = confFile ? read(`infra/nats/cluster/${confFile}`) : '';
    const jetstream = natsBlock(conf, 'jetstream') ?? '';

    it('is a StatefulSet of 3 pods', () => {
      expect(statefulSet?.spec?.replicas).toBe(3);
    });

    it('runs the generated config', () => {
      const volume = podSpec?.volumes?.find((candidate) => candidate.configMap?.name === generator?.name);
      expect(volume).toBeDefined();
      const mount = container?.volumeMounts?.find((candidate) => candidate.name === volume?.name);
      expect(container?.args?.join(' ')).toContain(`${mount?.mountPath}/${confKey}`);
    });

    it('keeps JetStream on a persistent volume per pod', () => {
      const storeDir = natsValue(jetstream, 'store_dir') ?? '';
      expect(storeDir).not.toBe('');
      const claims = statefulSet?.spec?.volumeClaimTemplates ?? [];
      const claimMounts = (container?.volumeMounts ?? []).filter((mount) =>
        claims.some((claim) => claim.metadata.name === mount.name),
      );
      expect(
        claimMounts.some(
          (mount) => storeDir === mount.mountPath || storeDir.startsWith(`${mount.mountPath}/`),
        ),
      ).toBe(true);
      expect(natsValue(jetstream, 'max_file_store')).toBeDefined();
    });

    it('routes between the three pods through a headless Service', () => {
      const headless = find('Service', statefulSet?.spec?.serviceName ?? '');
      expect(headless?.spec?.clusterIP).toBe('None');
      expect(headless?.spec?.publishNotReadyAddresses).toBe(true);
      const cluster = natsBlock(conf, 'cluster') ?? '';
      const routes = [...cluster.matchAll(/nats:\/\/([a-z0-9.-]+):(\d+)/g)].map(
        (match) => `${match[1]}:${match[2]}`,
      );
      expect(routes.sort()).toEqual([0, 1, 2].map((i) => `nats-${i}.${headless?.metadata.name}:6222`));
      expect(container?.ports?.map((port) => port.containerPort)).toEqual(
        expect.arrayContaining([4222, 6222, 8222]),
      );
    });

    it('names each server after its pod', () => {
      expect(natsValue(conf, 'server_name')).toBe('$POD_NAME');
      expect(container?.env?.find((env) => env.name === 'POD_NAME')?.valueFrom?.fieldRef?.fieldPath).toBe(
        'metadata.name',
      );
    });

    it('has a client Service', () => {
      const client = find('Service', 'nats');
      expect(client?.spec?.clusterIP).not.toBe('None');
      expect(client?.spec?.ports?.map((port) => port.port)).toContain(4222);
    });

    it('probes the monitoring endpoint', () => {
      expect(natsValue(conf, 'http_port') ?? natsValue(conf, 'monitor_port')).toBe('8222');
      for (const probe of [container?.readinessProbe, container?.livenessProbe]) {
        expect(probe?.httpGet?.path).toMatch(/^\/healthz/);
        expect([8222, 'monitor']).toContain(probe?.httpGet?.port);
      }
    });

    it('uses sync_interval only on an image that knows it', () => {
      expect(atLeast(imageVersion(container?.image ?? ''), [2, 10])).toBe(true);
      if (natsValue(jetstream, 'sync_interval') !== undefined) {
        expect(atLeast(imageVersion(container?.image ?? ''), SYNC_INTERVAL_SINCE)).toBe(true);
      }
    });

    it('lets at most one node go at a time, keeping the quorum', () => {
      const budget = ofKind('PodDisruptionBudget').find((pdb) =>
        matches(pdb.spec?.selector?.matchLabels, statefulSet?.spec?.template?.metadata.labels ?? {}),
      );
      expect(budget).toBeDefined();
      const allowedDown = budget?.spec?.maxUnavailable ?? 3 - Number(budget?.spec?.minAvailable ?? 0);
      expect(allowedDown).toBe(1);
    });
  });

  describe('shared settings', () => {
    it('keeps every env value a string, as Kubernetes requires', () => {
      for (const resource of ofKind('ConfigMap')) {
        for (const [key, value] of Object.entries(resource.data ?? {})) {
          expect({ key, type: typeof value }).toEqual({ key, type: 'string' });
        }
      }
      for (const resource of [...ofKind('Deployment'), ...ofKind('StatefulSet')]) {
        for (const env of resource.spec?.template?.spec.containers.flatMap(
          (container) => container.env ?? [],
        ) ?? []) {
          if (env.value !== undefined) {
            expect({ name: env.name, type: typeof env.value }).toEqual({ name: env.name, type: 'string' });
          }
        }
      }
    });
  });

  describe.each(SERVICES)('$name', ({ name, port, database }) => {
    const deployment = find('Deployment', name);
    const podLabels = deployment?.spec?.template?.metadata.labels ?? {};
    const container = deployment?.spec?.template?.spec.containers[0];

    /** The container's environment, resolved through the ConfigMaps and Secrets in the folder. */
    function environment(): Record<string, string> {
      const env: Record<string, string> = {};
      const source = (kind: string, resourceName: string): Record<string, string> => {
        const resource = find(kind, resourceName);
        expect({ kind, resourceName, found: resource !== undefined }).toEqual({
          kind,
          resourceName,
          found: true,
        });
        const data = { ...(resource?.data ?? {}), ...(resource?.stringData ?? {}) } as Record<string, string>;
        if (kind === 'Secret' && resource?.data) {
          for (const [key, value] of Object.entries(resource.data)) {
            data[key] = Buffer.from(String(value), 'base64').toString('utf8');
          }
        }
        return data;
      };
      for (const from of container?.envFrom ?? []) {
        Object.assign(env, from.configMapRef ? source('ConfigMap', from.configMapRef.name) : {});
        Object.assign(env, from.secretRef ? source('Secret', from.secretRef.name) : {});
      }
      for (const item of container?.env ?? []) {
        const secret = item.valueFrom?.secretKeyRef;
        const configMap = item.valueFrom?.configMapKeyRef;
        const value = secret
          ? source('Secret', secret.name)[secret.key]
          : configMap
            ? source('ConfigMap', configMap.name)[configMap.key]
            : item.value;
        expect({ name: item.name, resolved: value !== undefined }).toEqual({
          name: item.name,
          resolved: true,
        });
        env[item.name] = String(value);
      }
      return env;
    }

    it('runs at least 2 replicas of the service image', () => {
      expect(deployment).toBeDefined();
      expect(deployment?.spec?.replicas).toBeGreaterThanOrEqual(2);
      expect(deployment?.spec?.template?.spec.containers).toHaveLength(1);
      expect(matches(deployment?.spec?.selector?.matchLabels, podLabels)).toBe(true);
    });

    it('sets every required setting, SERVICE and PORT', () => {
      const env = environment();
      for (const setting of REQUIRED_SETTINGS) {
        expect({ setting, set: (env[setting] ?? '') !== '' }).toEqual({ setting, set: true });
      }
      expect(env.SERVICE).toBe(name);
      expect(env.PORT).toBe(port);
      expect(container?.ports?.map((candidate) => candidate.containerPort)).toContain(Number(port));
    });

    it('replicates every stream across the three NATS nodes', () => {
      const env = environment();
      expect(env.STREAM_REPLICAS).toBe('3');
      const replicas = find('StatefulSet', 'nats')?.spec?.replicas ?? 0;
      expect(Number(env.STREAM_REPLICAS)).toBeLessThanOrEqual(replicas);
      const headless = find('StatefulSet', 'nats')?.spec?.serviceName;
      const allowed = ['nats', ...Array.from({ length: replicas }, (_, i) => `nats-${i}.${headless}`)];
      for (const host of natsHosts(env.NATS_URL)) {
        expect(allowed).toContain(host);
      }
    });

    it('uses its own database', () => {
      expect(databaseName(environment().DATABASE_URL)).toBe(database);
    });

    it('is ready on /health/ready and alive on /health/live', () => {
      const httpPort = (probe: K8sProbe | undefined): number | undefined => {
        const target = probe?.httpGet?.port;
        return typeof target === 'number'
          ? target
          : container?.ports?.find((candidate) => candidate.name === target)?.containerPort;
      };
      expect(container?.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(container?.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(httpPort(container?.readinessProbe)).toBe(Number(port));
      expect(httpPort(container?.livenessProbe)).toBe(Number(port));
      if (container?.startupProbe) {
        expect(container.startupProbe.httpGet?.path).toBe('/health/live');
      }
    });

    it('requests and limits resources', () => {
      expect(container?.resources?.requests).toEqual(
        expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
      );
      expect(container?.resources?.limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
    });

    it('has a Service on its port', () => {
      const service = ofKind('Service').find((candidate) => matches(candidate.spec?.selector, podLabels));
      expect(service?.metadata.name).toBe(name);
      expect(service?.spec?.ports?.map((candidate) => candidate.port)).toContain(Number(port));
    });

    it('has a PodDisruptionBudget that still lets a node drain', () => {
      const budget = ofKind('PodDisruptionBudget').find((pdb) =>
        matches(pdb.spec?.selector?.matchLabels, podLabels),
      );
      expect(budget).toBeDefined();
      const replicas = deployment?.spec?.replicas ?? 0;
      if (budget?.spec?.minAvailable !== undefined) {
        expect(Number(budget.spec.minAvailable)).toBeGreaterThanOrEqual(1);
        expect(Number(budget.spec.minAvailable)).toBeLessThan(replicas);
      } else {
        expect(Number(budget?.spec?.maxUnavailable)).toBeGreaterThanOrEqual(1);
      }
    });
  });

  const kubectl = (() => {
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  (kubectl ? it : it.skip)('renders with kustomize (when kubectl is installed)', () => {
    const rendered = parseAllDocuments(
      execFileSync('kubectl', ['kustomize', join(ROOT, K8S_DIR)], { encoding: 'utf8' }),
    ).map((document) => document.toJS() as K8sResource);
    const kinds = rendered.map(
      (resource) => `${resource.kind}/${resource.metadata.name.replace(/-[a-z0-9]{10}$/, '')}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'StatefulSet/nats',
        'ConfigMap/nats-config',
        ...SERVICE_NAMES.map((name) => `Deployment/${name}`),
      ]),
    );
    for (const resource of rendered.filter((candidate) => candidate.kind !== 'Namespace')) {
      expect(resource.metadata.namespace).toBe(kustomization.namespace);
    }
    // The generated ConfigMap gets a hash suffix; the StatefulSet must point at that name.
    const configMap = rendered.find(
      (resource) => resource.kind === 'ConfigMap' && resource.metadata.name.startsWith('nats-config'),
    );
    const statefulSet = rendered.find((resource) => resource.kind === 'StatefulSet');
    expect(statefulSet?.spec?.template?.spec.volumes?.map((volume) => volume.configMap?.name)).toContain(
      configMap?.metadata.name,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Credentials in the example files: none that anyone who reads the repository could use
// ---------------------------------------------------------------------------------------------

/** Names of variables that hold a credential whatever service reads them (NAME_FILE holds a path). */
const CREDENTIAL_NAME = /(^|_)(SECRET|PASSWORD|TOKEN|KEY)$/;

/** The password of each URL in a setting, or the setting itself: what findUnsafeSecrets checks. */
function credentialsIn(name: string, value: string): string[] {
  const setting = SECRET_SETTINGS.find((candidate) => candidate.name === name);
  if (!setting || value === '') {
    return [];
  }
  if (setting.kind === 'value') {
    return [value];
  }
  return value
    .split(',')
    .map((url) => decodeURIComponent(new URL(url.trim()).password))
    .filter((password) => password !== '');
}

/** `KEY=value` lines of every .env.example in the repository's root and infra/ folders. */
function envExamples(): Array<{ file: string; env: Record<string, string> }> {
  return ['.', 'infra', 'infra/docker', 'infra/k8s']
    .flatMap((dir) => readdirSync(join(ROOT, dir)).filter((file) => /(^|\.)env\.example$/.test(file)).map((file) => posix.join(dir, file)))
    .map((file) => ({
      file,
      env: Object.fromEntries(
        read(file)
          .split('\n')
          .map((line) => /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
          .filter((match): match is RegExpExecArray => match !== null)
          .map((match) => [match[1], match[2].trim().replace(/^(['"])(.*)\1$/, '$2')]),
      ),
    }));
}

/** Each Deployment's secret settings with the value the Secret in infra/k8s gives them. */
function kubernetesCredentials(): Array<{ where: string; name: string; value: string }> {
  const resources = readdirSync(join(ROOT, K8S_DIR))
    .filter((file) => /\.ya?ml$/.test(file) && !isKustomization(file))
    .flatMap((file) => loadYamlDocuments(`${K8S_DIR}/${file}`));
  const secretValue = (secret: string, key: string): string => {
    const resource = resources.find((candidate) => candidate.kind === 'Secret' && candidate.metadata.name === secret);
    const data = resource?.stringData?.[key] ?? (resource?.data?.[key] === undefined ? undefined : Buffer.from(String(resource.data[key]), 'base64').toString());
    if (data === undefined) {
      throw new Error(`Secret ${secret} has no key ${key}`);
    }
    return String(data);
  };
  return resources
    .filter((resource) => resource.kind === 'Deployment')
    .flatMap((deployment) =>
      (deployment.spec?.template?.spec.containers ?? []).flatMap((container) => [
        ...(container.env ?? [])
          .filter((variable) => variable.valueFrom?.secretKeyRef)
          .map((variable) => ({
            where: `${deployment.metadata.name}: ${variable.name} (Secret key ${variable.valueFrom!.secretKeyRef!.key})`,
            name: variable.name,
            value: secretValue(variable.valueFrom!.secretKeyRef!.name, variable.valueFrom!.secretKeyRef!.key),
          })),
        ...(container.envFrom ?? [])
          .filter((source) => source.secretRef)
          .flatMap((source) => {
            const secret = resources.find((candidate) => candidate.kind === 'Secret' && candidate.metadata.name === source.secretRef!.name);
            return Object.keys({ ...secret?.stringData, ...secret?.data }).map((key) => ({
              where: `${deployment.metadata.name}: ${key} (envFrom Secret ${source.secretRef!.name})`,
              name: key,
              value: secretValue(source.secretRef!.name, key),
            }));
          }),
      ]),
    );
}

describe('credentials in the example files', () => {
  it('declares the platform credentials that the files carry', () => {
    expect(SECRET_SETTINGS.map((setting) => setting.name)).toEqual(
      expect.arrayContaining(['AUTH_JWT_SECRET', 'DATABASE_URL', 'REDIS_URL', 'NATS_URL', 'SMTP_PASSWORD']),
    );
  });

  describe('docker-compose.yml without .env', () => {
    const { services } = loadCompose();

    it.each(Object.keys(services))('gives %s no credential a reader of the repository knows', (name) => {
      const env = composeEnvironment(services[name]);
      for (const [key, value] of Object.entries(env)) {
        if (isSecretSetting(key)) {
          expect({ key, credentials: credentialsIn(key, value) }).toEqual({ key, credentials: [] });
        }
        if (CREDENTIAL_NAME.test(key)) {
          expect({ key, value }).toEqual({ key, value: '' });
        }
      }
    });

    it('leaves no default for a credential in any ${VAR:-default}', () => {
      const defaults = [...read('docker-compose.yml').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}/g)]
        .map(([, name, fallback]) => ({
          name,
          credentials: CREDENTIAL_NAME.test(name) ? [fallback] : /_URL$/.test(name) && fallback !== '' ? [new URL(fallback).password] : [],
        }))
        .filter((entry) => entry.credentials.some((credential) => credential !== ''));
      expect(defaults).toEqual([]);
    });

    it('has every service read its signing secret from the file secrets-init generates', () => {
      const generated = generatedSecretFiles();
      for (const name of SERVICE_NAMES) {
        const env = composeEnvironment(services[name]);
        expect(generated).toContainEqual({ file: env.AUTH_JWT_SECRET_FILE, readBy: expect.arrayContaining([name]) });
      }
    });
  });

  describe('infra/docker/secrets-init.js', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'secrets-init-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const run = (env: Record<string, string> = {}): { status: number | null; output: string } => {
      const result = spawnSync(process.execPath, [join(ROOT, 'infra/docker/secrets-init.js')], {
        env: { PATH: process.env.PATH ?? '', SECRETS_DIR: dir, GENERATED_SECRETS: 'AUTH_JWT_SECRET', ...env },
        encoding: 'utf8',
      });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };
    const secret = (): string => readFileSync(join(dir, 'AUTH_JWT_SECRET'), 'utf8');

    it('generates a random secret the services accept, readable by its owner only, and shows it nowhere', () => {
      const first = run();
      const generated = secret();

      expect(first.status).toBe(0);
      expect(generated).toMatch(/^[A-Za-z0-9_-]{64}$/);
      expect(findUnsafeSecrets({ AUTH_JWT_SECRET: generated }, SECRET_SETTINGS)).toEqual([]);
      expect(statSync(join(dir, 'AUTH_JWT_SECRET')).mode & 0o777).toBe(0o400);
      expect(first.output).toContain('AUTH_JWT_SECRET generated');
      expect(first.output).not.toContain(generated);
    });

    it('keeps the secret across restarts, and makes another one for another installation', () => {
      run();
      const generated = secret();

      expect(run().output).toContain('AUTH_JWT_SECRET kept');
      expect(secret()).toBe(generated);
      rmSync(join(dir, 'AUTH_JWT_SECRET'));
      run();
      expect(secret()).not.toBe(generated);
    });

    it('takes the secret from the environment (.env) when one is set there', () => {
      run();
      const own = 'an-operator-chosen-secret-of-48-characters-0000';

      expect(run({ AUTH_JWT_SECRET: own }).output).toContain('AUTH_JWT_SECRET from the environment');
      expect(secret()).toBe(own);
    });

    it('refuses to run without names to generate', () => {
      expect(run({ GENERATED_SECRETS: '' }).status).toBe(64);
    });

    it('generates every credential compose names, each its own', () => {
      const names = composeEnvironment(loadCompose().services['secrets-init']).GENERATED_SECRETS.split(/[\s,]+/);

      expect(names).toEqual(expect.arrayContaining(['AUTH_JWT_SECRET', 'OIDC_CLIENT_SECRET', 'KEYCLOAK_ADMIN_PASSWORD', 'DEMO_PASSWORD']));
      expect(run({ GENERATED_SECRETS: names.join(' ') }).status).toBe(0);
      const values = names.map((name) => readFileSync(join(dir, name), 'utf8'));
      expect(new Set(values).size).toBe(names.length);
      for (const value of values) {
        expect(value).toMatch(/^[A-Za-z0-9_-]{64}$/);
      }
    });
  });

  describe('infra/docker/keycloak-entrypoint.sh, with the files secrets-init writes', () => {
    const { services } = loadCompose();
    const init = composeEnvironment(services['secrets-init'] ?? {});
    const portal = composeEnvironment(services.portal ?? {});
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'keycloak-entrypoint-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** A path in the secrets volume, as seen here: in the temporary directory. */
    const local = (path: string): string => (path.startsWith(`${init.SECRETS_DIR}/`) ? join(dir, posix.relative(init.SECRETS_DIR, path)) : path);

    const initSecrets = (env: Record<string, string> = {}): void => {
      const result = spawnSync(process.execPath, [join(ROOT, 'infra/docker/secrets-init.js')], {
        env: { PATH: process.env.PATH ?? '', SECRETS_DIR: dir, GENERATED_SECRETS: init.GENERATED_SECRETS, ...env },
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
    };

    /** Runs the entrypoint with compose's environment for Keycloak and, instead of kc.sh, a command that prints the environment it gets. */
    const startKeycloak = (): { status: number | null; env: Record<string, string>; stderr: string } => {
      const keycloak = Object.fromEntries(Object.entries(composeEnvironment(services.keycloak ?? {})).map(([name, value]) => [name, local(value)]));
      const result = spawnSync(
        'bash',
        [join(ROOT, 'infra/docker/keycloak-entrypoint.sh'), process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.env))'],
        { env: { PATH: process.env.PATH ?? '', ...keycloak }, encoding: 'utf8' },
      );
      return { status: result.status, env: result.status === 0 ? (JSON.parse(result.stdout) as Record<string, string>) : {}, stderr: result.stderr };
    };

    it('gives Keycloak the generated admin password, and its realm the client secret the portal reads and the demo password', () => {
      initSecrets();
      const generated = (name: string): string => readFileSync(join(dir, name), 'utf8');

      const { status, env } = startKeycloak();
      const realm = importRealmLikeKeycloak(read('infra/keycloak/deelwijs-realm.json'), env) as {
        clients: { clientId: string; secret: string }[];
        users: { credentials: { value: string }[] }[];
      };

      expect(status).toBe(0);
      expect(env.KC_BOOTSTRAP_ADMIN_PASSWORD).toBe(generated('KEYCLOAK_ADMIN_PASSWORD'));
      expect(Object.keys(env).filter((name) => name.endsWith('_FILE'))).toEqual([]);
      expect(realm.clients.find((client) => client.clientId === portal.OIDC_CLIENT_ID)?.secret).toBe(readFileSync(local(portal.OIDC_CLIENT_SECRET_FILE), 'utf8'));
      expect([...new Set(realm.users.flatMap((user) => user.credentials.map((credential) => credential.value)))]).toEqual([generated('DEMO_PASSWORD')]);
      expect(JSON.stringify(realm)).not.toContain('${');
      expect(findUnsafeSecrets({ OIDC_CLIENT_SECRET: generated('OIDC_CLIENT_SECRET'), DEMO_PASSWORD: generated('DEMO_PASSWORD') }, SECRET_SETTINGS)).toEqual([]);
    });

    it('takes the values of .env through secrets-init', () => {
      initSecrets({ DEMO_PASSWORD: 'an-operator-chosen-demo-password', KEYCLOAK_ADMIN_PASSWORD: 'an-operator-chosen-admin-password' });

      const { env } = startKeycloak();

      expect(env.DEMO_PASSWORD).toBe('an-operator-chosen-demo-password');
      expect(env.KC_BOOTSTRAP_ADMIN_PASSWORD).toBe('an-operator-chosen-admin-password');
    });

    it('refuses to run kc.sh while a file is missing, since Keycloak would import the placeholder text as the credential', () => {
      initSecrets({ GENERATED_SECRETS: 'AUTH_JWT_SECRET OIDC_CLIENT_SECRET KEYCLOAK_ADMIN_PASSWORD' });

      const { status, stderr } = startKeycloak();

      expect(status).toBe(78);
      expect(stderr).toContain('DEMO_PASSWORD_FILE names a file that cannot be read');
    });

    it('refuses a value the realm import would put into the JSON unescaped', () => {
      initSecrets({ DEMO_PASSWORD: 'a-demo-password-with-a-"-quote' });

      const { status, stderr } = startKeycloak();

      expect(status).toBe(78);
      expect(stderr).toContain('DEMO_PASSWORD holds a quote, a backslash or a control character');
      expect(stderr).not.toContain('a-demo-password');
    });
  });

  describe('infra/k8s', () => {
    const credentials = kubernetesCredentials().filter(({ name, value }) => credentialsIn(name, value).length > 0);

    it('finds the placeholders of the Secret in the Deployments', () => {
      expect(credentials.map(({ name }) => name)).toEqual(expect.arrayContaining(['AUTH_JWT_SECRET', 'DATABASE_URL', 'REDIS_URL', 'OIDC_CLIENT_SECRET']));
    });

    it('carries only credentials the services refuse to start with', () => {
      for (const { where, name, value } of credentials) {
        expect({ where, refused: findUnsafeSecrets({ [name]: value }, SECRET_SETTINGS).length }).toEqual({ where, refused: 1 });
      }
    });

    it('has each placeholder in the list of published secrets, so that it stays refused whatever its length', () => {
      const published = PUBLISHED_SECRETS.map((entry) => entry.value);
      for (const { where, name, value } of credentials) {
        for (const credential of credentialsIn(name, value)) {
          expect({ where, published: published.includes(credential) }).toEqual({ where, published: true });
        }
      }
    });

    it('keeps credentials out of ConfigMaps', () => {
      const configMaps = readdirSync(join(ROOT, K8S_DIR))
        .filter((file) => /\.ya?ml$/.test(file) && !isKustomization(file))
        .flatMap((file) => loadYamlDocuments(`${K8S_DIR}/${file}`))
        .filter((resource) => resource.kind === 'ConfigMap');
      for (const configMap of configMaps) {
        for (const [key, value] of Object.entries(configMap.data ?? {})) {
          expect({ key, credentials: credentialsIn(key, String(value)) }).toEqual({ key, credentials: [] });
        }
      }
    });
  });

  it('has in any .env.example only credentials the services refuse', () => {
    for (const { file, env } of envExamples()) {
      for (const [name, value] of Object.entries(env).filter(([key, value]) => credentialsIn(key, value).length > 0)) {
        expect({ file, name, refused: findUnsafeSecrets({ [name]: value }, SECRET_SETTINGS).length }).toEqual({ file, name, refused: 1 });
      }
    }
  });
});

describe('Kubernetes: the portal (infra/k8s/portal.yaml)', () => {
  const documents = parseAllDocuments(read('infra/k8s/portal.yaml')).map((document) => document.toJS() as any);
  const deployment = documents.find((document) => document.kind === 'Deployment');
  const container = deployment?.spec.template.spec.containers[0];
  const env = Object.fromEntries((container?.env ?? []).map((item: any) => [item.name, item.value ?? item.valueFrom]));
  const config = (parse(read('infra/k8s/config.yaml')) as { data: Record<string, string> }).data;
  const secret = (parse(read('infra/k8s/secret.yaml')) as { stringData: Record<string, string> }).stringData;

  it('runs at least 2 replicas of the one image as SERVICE=portal on port 3000, behind a Service and a PodDisruptionBudget', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(container.image).toBe('deelwijs');
    expect(env.SERVICE).toBe('portal');
    expect(env.PORT).toBe('3000');
    expect(documents.find((document) => document.kind === 'Service')?.spec.ports[0].port).toBe(3000);
    expect(documents.some((document) => document.kind === 'PodDisruptionBudget')).toBe(true);
    expect(read('infra/k8s/kustomization.yaml')).toMatch(/^\s+- portal\.yaml$/m);
  });

  it('has its OpenID settings: issuer and client in the ConfigMap, the client secret and Redis in the Secret', () => {
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'deelwijs-config' } }]);
    for (const name of ['OIDC_ISSUER_URL', 'OIDC_AUDIENCE', 'OIDC_CLIENT_ID', 'PORTAL_PUBLIC_URL']) {
      expect({ name, value: config[name] }).toEqual({ name, value: expect.any(String) });
    }
    expect(env.OIDC_CLIENT_SECRET).toEqual({ secretKeyRef: { name: 'deelwijs-secrets', key: 'OIDC_CLIENT_SECRET' } });
    expect(secret.OIDC_CLIENT_SECRET).toEqual(expect.any(String));
    expect(env.REDIS_URL).toEqual({ secretKeyRef: { name: 'deelwijs-secrets', key: 'REDIS_URL' } });
  });

  it('forwards to the services by their Service names and is probed on its health endpoints', () => {
    expect([env.ACTIVITIES_URL, env.KNOWLEDGE_URL, env.REPORTING_URL]).toEqual(['http://activities:3001', 'http://knowledge:3002', 'http://reporting:3003']);
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
  });
});

// ---------------------------------------------------------------------------------------------
// A cluster that runs: autoscaling, clean rolling updates, only the traffic that must flow,
// TLS at the edge, PostgreSQL with replicas and backups, images that do not move
// ---------------------------------------------------------------------------------------------

interface NetworkPolicyPeer {
  podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values: string[] }> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string };
}
interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: Array<{ protocol?: string; port: number }>;
}
interface NetworkPolicySpec {
  podSelector: NetworkPolicyPeer['podSelector'];
  policyTypes: string[];
  ingress?: NetworkPolicyRule[];
  egress?: NetworkPolicyRule[];
}

/** Whether a label selector (matchLabels and In expressions) selects pods with these labels; {} selects all. */
function selects(selector: NetworkPolicyPeer['podSelector'], labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector?.matchExpressions ?? []).every(
    (expression) => expression.operator === 'In' && expression.values.includes(labels[expression.key]),
  );
  return byLabels && byExpressions;
}

describe('Kubernetes: a cluster that runs (infra/k8s)', () => {
  const resources = readdirSync(join(ROOT, K8S_DIR))
    .filter((file) => /\.ya?ml$/.test(file) && !isKustomization(file))
    .flatMap((file) => loadYamlDocuments(`${K8S_DIR}/${file}`));
  const ofKind = (kind: string): K8sResource[] => resources.filter((resource) => resource.kind === kind);
  const specOf = <T>(resource: K8sResource | undefined): T => resource?.spec as unknown as T;
  const workloads = [...ofKind('Deployment'), ...ofKind('StatefulSet')];
  const podLabels = (workload: K8sResource): Record<string, string> => workload.spec?.template?.metadata.labels ?? {};
  const policies = ofKind('NetworkPolicy').map((policy) => ({ name: policy.metadata.name, spec: specOf<NetworkPolicySpec>(policy) }));
  const policiesFor = (labels: Record<string, string>) => policies.filter(({ spec }) => selects(spec.podSelector, labels));
  /** Whether traffic from pods with `from` labels to pods with `to` labels on `port` is let through both ways. */
  const allowed = (from: Record<string, string>, to: Record<string, string>, port: number): boolean => {
    const peerMatches = (peers: NetworkPolicyPeer[] | undefined, labels: Record<string, string>) =>
      peers === undefined ||
      peers.some((peer) => peer.ipBlock !== undefined || (peer.podSelector !== undefined && !peer.namespaceSelector && selects(peer.podSelector, labels)));
    const portMatches = (rule: NetworkPolicyRule) => rule.ports === undefined || rule.ports.some((candidate) => candidate.port === port);
    const out = policiesFor(from).some(({ spec }) => (spec.egress ?? []).some((rule) => peerMatches(rule.to, to) && portMatches(rule)));
    const into = policiesFor(to).some(({ spec }) => (spec.ingress ?? []).some((rule) => peerMatches(rule.from, from) && portMatches(rule)));
    return out && into;
  };
  const labelsOf = (name: string): Record<string, string> => {
    const workload = workloads.find((candidate) => candidate.metadata.name === name);
    if (!workload) {
      throw new Error(`no Deployment or StatefulSet ${name}`);
    }
    return podLabels(workload);
  };

  it('scales every Deployment between its replicas and more on CPU, never below two', () => {
    for (const deployment of ofKind('Deployment')) {
      const autoscaler = ofKind('HorizontalPodAutoscaler').find(
        (candidate) => specOf<{ scaleTargetRef: { kind: string; name: string } }>(candidate).scaleTargetRef.name === deployment.metadata.name,
      );
      const spec = specOf<{ minReplicas: number; maxReplicas: number; metrics: Array<{ resource?: { name: string } }> }>(autoscaler);
      expect({ deployment: deployment.metadata.name, found: autoscaler !== undefined }).toEqual({ deployment: deployment.metadata.name, found: true });
      expect(spec.minReplicas).toBeGreaterThanOrEqual(Math.max(2, deployment.spec?.replicas ?? 0));
      expect(spec.maxReplicas).toBeGreaterThan(spec.minReplicas);
      expect(spec.metrics.map((metric) => metric.resource?.name)).toContain('cpu');
    }
  });

  it('keeps serving a moment after leaving the endpoints (preStop), within the grace period', () => {
    for (const deployment of ofKind('Deployment')) {
      const pod = deployment.spec?.template?.spec as K8sPodSpec & { terminationGracePeriodSeconds?: number };
      const preStop = (pod.containers[0] as K8sContainer & { lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } } })
        .lifecycle?.preStop;
      const pause = preStop?.sleep?.seconds ?? (preStop?.exec?.command[0] === 'sleep' ? Number(preStop.exec.command[1]) : 0);
      expect({ deployment: deployment.metadata.name, pause: pause >= 3 }).toEqual({ deployment: deployment.metadata.name, pause: true });
      expect(pod.terminationGracePeriodSeconds ?? 30).toBeGreaterThan(pause + 10);
    }
  });

  describe('network policies', () => {
    it('deny everything both ways unless a policy opens a path, and let every pod resolve names', () => {
      const denyAll = policies.find(({ spec }) => Object.keys(spec.podSelector ?? {}).length === 0 && !spec.ingress && !spec.egress);
      expect(denyAll?.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
      const dns = policies.find(({ spec }) =>
        (spec.egress ?? []).some((rule) => rule.ports?.some((port) => port.port === 53 && port.protocol === 'UDP')),
      );
      expect(Object.keys(dns?.spec.podSelector ?? { any: 1 })).toEqual([]);
    });

    it('let the ingress controller reach the portal and the APIs on their ports', () => {
      const controller = policies.filter(({ spec }) =>
        (spec.ingress ?? []).some((rule) => rule.from?.some((peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'ingress-nginx')),
      );
      for (const { name, port } of [...SERVICES, { name: 'portal', port: '3000' }]) {
        expect({
          name,
          open: controller.some(({ spec }) => selects(spec.podSelector, labelsOf(name)) && spec.ingress!.some((rule) => rule.ports?.some((candidate) => candidate.port === Number(port)))),
        }).toEqual({ name, open: true });
      }
    });

    it('let the portal reach each service, each service reach NATS and PostgreSQL, and NATS pods reach each other', () => {
      const postgres = { 'cnpg.io/cluster': ofKind('Cluster')[0]?.metadata.name ?? '' };
      for (const { name, port } of SERVICES) {
        expect({ path: `portal → ${name}`, allowed: allowed(labelsOf('portal'), labelsOf(name), Number(port)) }).toEqual({ path: `portal → ${name}`, allowed: true });
        expect({ path: `${name} → nats`, allowed: allowed(labelsOf(name), labelsOf('nats'), 4222) }).toEqual({ path: `${name} → nats`, allowed: true });
        expect({ path: `${name} → postgres`, allowed: allowed(labelsOf(name), postgres, 5432) }).toEqual({ path: `${name} → postgres`, allowed: true });
      }
      expect(allowed(labelsOf('nats'), labelsOf('nats'), 6222)).toBe(true);
    });

    it('keep the services from calling each other and the portal from NATS and PostgreSQL', () => {
      for (const from of SERVICES) {
        for (const to of SERVICES.filter((other) => other.name !== from.name)) {
          expect({ path: `${from.name} → ${to.name}`, allowed: allowed(labelsOf(from.name), labelsOf(to.name), Number(to.port)) }).toEqual({
            path: `${from.name} → ${to.name}`,
            allowed: false,
          });
        }
      }
      expect(allowed(labelsOf('portal'), labelsOf('nats'), 4222)).toBe(false);
      expect(allowed(labelsOf('portal'), { 'cnpg.io/cluster': 'deelwijs-postgres' }, 5432)).toBe(false);
    });
  });

  it('serves the portal and the APIs over TLS only, to Services and ports that exist', () => {
    const ingresses = ofKind('Ingress').map((ingress) =>
      specOf<{ tls: Array<{ secretName: string; hosts: string[] }>; rules: Array<{ host: string; http: { paths: Array<{ path: string; backend: { service: { name: string; port: { number: number } } } }> } }> }>(ingress),
    );
    expect(ingresses.length).toBeGreaterThan(0);
    const backends = new Set<string>();
    for (const ingress of ingresses) {
      const tlsHosts = ingress.tls.flatMap((entry) => (entry.secretName ? entry.hosts : []));
      for (const rule of ingress.rules) {
        expect({ host: rule.host, tls: tlsHosts.includes(rule.host) }).toEqual({ host: rule.host, tls: true });
        for (const path of rule.http.paths) {
          const service = ofKind('Service').find((candidate) => candidate.metadata.name === path.backend.service.name);
          expect(service?.spec?.ports?.map((port) => port.port)).toContain(path.backend.service.port.number);
          backends.add(path.backend.service.name);
        }
      }
    }
    // Beside them only a Service without pods, for paths the Ingress must not forward (/metrics).
    const unrouted = [...backends].filter((name) => Object.keys(ofKind('Service').find((candidate) => candidate.metadata.name === name)?.spec?.selector ?? {}).length === 0);
    expect([...backends].filter((name) => !unrouted.includes(name)).sort()).toEqual([...SERVICE_NAMES, 'portal'].sort());
  });

  describe('PostgreSQL (CloudNativePG)', () => {
    const cluster = ofKind('Cluster').find((candidate) => candidate.apiVersion.startsWith('postgresql.cnpg.io/'));
    const spec = specOf<{
      instances: number;
      imageName: string;
      bootstrap: { initdb: { database: string; owner: string; secret: { name: string } } };
      managed?: { roles: Array<{ name: string; passwordSecret: { name: string } }> };
      backup?: { barmanObjectStore?: { destinationPath: string; s3Credentials: Record<string, { name: string; key: string }> } };
    }>(cluster);
    const secret = (name: string) => ofKind('Secret').find((candidate) => candidate.metadata.name === name) as (K8sResource & { type?: string }) | undefined;

    it('runs a primary and at least two replicas', () => {
      expect(spec.instances).toBeGreaterThanOrEqual(3);
      expect(imageVersion(spec.imageName)[0]).toBeGreaterThanOrEqual(16);
    });

    it('holds every service database, each owned by a role whose password Secret exists', () => {
      const databases = [
        { name: spec.bootstrap.initdb.database, owner: spec.bootstrap.initdb.owner, secret: spec.bootstrap.initdb.secret.name },
        ...ofKind('Database').map((database) => {
          const { name, owner } = specOf<{ name: string; owner: string }>(database);
          return { name, owner, secret: spec.managed?.roles.find((role) => role.name === owner)?.passwordSecret.name ?? '' };
        }),
      ];
      expect(databases.map((database) => database.name).sort()).toEqual(SERVICES.map((service) => service.database).sort());
      for (const database of databases) {
        expect({ database: database.name, secret: secret(database.secret)?.type }).toEqual({ database: database.name, secret: 'kubernetes.io/basic-auth' });
      }
    });

    it('archives WAL and takes a scheduled backup, with keys from a Secret that exists', () => {
      expect(spec.backup?.barmanObjectStore?.destinationPath).toMatch(/^s3:\/\//);
      for (const reference of Object.values(spec.backup?.barmanObjectStore?.s3Credentials ?? {})) {
        expect(Object.keys(secret(reference.name)?.stringData ?? {})).toContain(reference.key);
      }
      const scheduled = ofKind('ScheduledBackup').map((backup) => specOf<{ cluster: { name: string } }>(backup).cluster.name);
      expect(scheduled).toContain(cluster?.metadata.name);
    });

    it("is where the services' database URLs point: its read-write Service", () => {
      const urls = Object.entries(secret('deelwijs-secrets')?.stringData ?? {}).filter(([key]) => key.endsWith('database-url'));
      expect(urls).toHaveLength(SERVICES.length);
      for (const [key, url] of urls) {
        expect({ key, host: new URL(String(url)).hostname }).toEqual({ key, host: `${cluster?.metadata.name}-rw` });
      }
    });
  });

  it('runs only images pinned to a full version, in the manifests and in compose', () => {
    const images = [
      ...workloads.flatMap((workload) => workload.spec?.template?.spec.containers.map((container) => container.image) ?? []),
      ...ofKind('Cluster').map((resource) => specOf<{ imageName: string }>(resource).imageName),
      ...Object.values(loadCompose().services).map((service) => service.image ?? ''),
    ].filter((image) => image !== '' && image !== 'deelwijs' && !image.startsWith('deelwijs-'));
    for (const image of images) {
      // The Node base follows the 20 line on purpose (security fixes), as the Dockerfile's does;
      // PostgreSQL's full version is major.minor (17.5); the rest are major.minor.patch.
      const full = /postgres/.test(image) ? /:\d+\.\d+(-|$)/ : /:v?\d+\.\d+\.\d+/;
      // MinIO has no version numbers: its release tags are timestamps (RELEASE.2025-04-22T22-12-26Z).
      const minioRelease = /^minio\/(minio|mc):RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/;
      const pinned = image.startsWith('node:20-') || full.test(image) || minioRelease.test(image);
      expect({ image, pinned }).toEqual({ image, pinned: true });
    }
    const kustomization = kustomizationIn(K8S_DIR) as Kustomization & { images?: Array<{ name: string; newTag?: string }> };
    expect(kustomization.images?.find((image) => image.name === 'deelwijs')?.newTag).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("gives the services their public address and the mail relay's TLS, host and account (the password from the Secret)", () => {
    const config = ofKind('ConfigMap').find((candidate) => candidate.metadata.name === 'deelwijs-config')?.data ?? {};
    expect(config).toEqual(
      expect.objectContaining({ SMTP_HOST: expect.any(String), SMTP_PORT: '465', SMTP_SECURE: 'true', SMTP_USER: expect.any(String), SMTP_FROM: expect.any(String) }),
    );
    // The services that send mail (their config extends MailingServiceConfig): reminders, report delivery.
    const mailing = SERVICES.filter(({ name }) => /extends MailingServiceConfig/.test(read(`services/${name}/src/config/${name}.config.ts`)));
    expect(mailing.map(({ name }) => name)).toEqual(['activities', 'reporting']);
    for (const { name } of mailing) {
      const container = ofKind('Deployment').find((deployment) => deployment.metadata.name === name)?.spec?.template?.spec.containers[0];
      const fromSecret = (container?.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef).map((variable) => variable.name);
      expect({ name, fromSecret }).toEqual({ name, fromSecret: expect.arrayContaining(['SMTP_PASSWORD']) });
    }
    const activities = ofKind('Deployment').find((deployment) => deployment.metadata.name === 'activities')?.spec?.template?.spec.containers[0];
    const publicUrl = String(activities?.env?.find((variable) => variable.name === 'PUBLIC_BASE_URL')?.value ?? '');
    const hosts = ofKind('Ingress').flatMap((ingress) => specOf<{ rules: Array<{ host: string }> }>(ingress).rules.map((rule) => rule.host));
    expect(publicUrl).toMatch(/^https:\/\//);
    expect(hosts).toContain(new URL(publicUrl).hostname);
  });

  it('publishes the mail catcher in compose: its page and its SMTP port', () => {
    expect(composePorts(loadCompose().services.mailpit).sort((a, b) => a - b)).toEqual([1025, 8025]);
  });
});

// ---------------------------------------------------------------------------------------------
// NATS users and the identity signing key (infra/nats/cluster/authorization.conf)
// ---------------------------------------------------------------------------------------------

describe('NATS users, permissions and the identity signing key', () => {
  const authorization = read('infra/nats/cluster/authorization.conf');
  /** Each user of authorization.conf with its password variable and the subjects it may publish. */
  const users = [...stripNatsComments(authorization).matchAll(/user:\s*([a-z-]+)\s+password:\s*\$([A-Z_]+)\s+permissions:\s*\{\s*publish:\s*\{\s*allow:\s*\[([^\]]*)\]/g)].map(
    ([, user, variable, allow]) => ({ user, variable, allow: [...allow.matchAll(/"([^"]+)"/g)].map((match) => match[1]) }),
  );
  const passwordVariable = (user: string) => `NATS_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`;
  const { services } = loadCompose();
  const k8s = readdirSync(join(ROOT, 'infra/k8s'))
    .filter((file) => /\.ya?ml$/.test(file) && !file.startsWith('kustomization'))
    .flatMap((file) => parseAllDocuments(read(`infra/k8s/${file}`)).map((document) => document.toJS()))
    .filter(Boolean) as Array<{ kind: string; metadata: { name: string }; spec?: any }>;
  const k8sEnv = (kind: string, name: string): Array<{ name: string; value?: string; valueFrom?: any }> =>
    k8s.find((manifest) => manifest.kind === kind && manifest.metadata.name === name)?.spec?.template?.spec?.containers?.[0]?.env ?? [];

  it('has a user per service, the portal and the identity administration, each with its own password variable', () => {
    expect(users.map((entry) => entry.user).sort()).toEqual([...SERVICE_NAMES, 'identity-admin', 'portal'].sort());
    for (const { user, variable } of users) {
      expect(variable).toBe(passwordVariable(user));
    }
  });

  it('lets a service publish only its own events and dead letters, and only the administration publish identity.>', () => {
    for (const { user, allow } of users) {
      const own = SERVICE_NAMES.includes(user) ? [`${user}.>`, `deadletter.${user}.>`] : ['identity.>'];
      expect(allow.filter((subject) => !subject.startsWith('$JS.') && subject !== '_INBOX.>').sort()).toEqual(own.sort());
    }
  });

  it('in compose: each process signs in as its own user with the password secrets-init generates, which the NATS entrypoint reads too', () => {
    const init = composeEnvironment(services['secrets-init']);
    const generated = init.GENERATED_SECRETS.split(/[\s,]+/);
    const nats = composeEnvironment(services.nats);
    expect(nats.NATS_USERS.split(/[\s,]+/).sort()).toEqual(users.map((entry) => entry.user).sort());
    for (const { user } of users) {
      expect(generated).toContain(passwordVariable(user));
    }
    for (const name of [...SERVICE_NAMES, 'portal']) {
      const env = composeEnvironment(services[name]);
      expect({ name, user: env.NATS_USER, file: env.NATS_PASSWORD_FILE }).toEqual({
        name,
        user: name,
        file: posix.join(init.SECRETS_DIR, passwordVariable(name)),
      });
    }
    expect(composeVolumes(services.nats).map((mount) => mount.target)).toContain(init.SECRETS_DIR);
  });

  it('in compose: the services verify identity events with the public half of the key pair secrets-init generates, and the portal signs with the private one', () => {
    const init = composeEnvironment(services['secrets-init']);
    expect(init.GENERATED_KEY_PAIRS.split(/[\s,]+/)).toContain('IDENTITY_SIGNING_KEY');
    for (const name of SERVICE_NAMES) {
      expect(composeEnvironment(services[name]).IDENTITY_SIGNING_PUBLIC_KEY_FILE).toBe(posix.join(init.SECRETS_DIR, 'IDENTITY_SIGNING_PUBLIC_KEY'));
      expect(composeEnvironment(services[name]).IDENTITY_SIGNING_KEY_FILE).toBeUndefined();
    }
    expect(composeEnvironment(services.portal).IDENTITY_SIGNING_KEY_FILE).toBe(posix.join(init.SECRETS_DIR, 'IDENTITY_SIGNING_KEY'));
  });

  it('in Kubernetes: each Deployment signs in as its own user, and the NATS pods get every password', () => {
    for (const name of [...SERVICE_NAMES, 'portal']) {
      const env = k8sEnv('Deployment', name);
      expect(env.find((variable) => variable.name === 'NATS_USER')?.value).toBe(name);
      expect(env.find((variable) => variable.name === 'NATS_PASSWORD')?.valueFrom?.secretKeyRef?.key).toBe(passwordVariable(name));
    }
    const natsEnv = k8sEnv('StatefulSet', 'nats');
    for (const { variable } of users) {
      // In double quotes: the server parses the value as config (a password 3abc... would be a number).
      expect(natsEnv.find((entry) => entry.name === variable)?.value).toMatch(/^"\$\([A-Z_]+\)"$/);
    }
  });

  it('secrets-init writes the identity key pair: a private key and its own public half', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-init-keys-'));
    try {
      const result = spawnSync(process.execPath, [join(ROOT, 'infra/docker/secrets-init.js')], {
        env: { PATH: process.env.PATH ?? '', SECRETS_DIR: dir, GENERATED_SECRETS: 'AUTH_JWT_SECRET', GENERATED_KEY_PAIRS: 'IDENTITY_SIGNING_KEY' },
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
      const privateKey = readFileSync(join(dir, 'IDENTITY_SIGNING_KEY'), 'utf8');
      expect(readFileSync(join(dir, 'IDENTITY_SIGNING_PUBLIC_KEY'), 'utf8')).toBe(publicKeyOf(privateKey));
      expect(result.stdout).not.toContain(privateKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Knowledge's attachments: a shared bucket, or a volume that outlives the container
// ---------------------------------------------------------------------------------------------

/**
 * What is wrong with where a knowledge container keeps its attachments. With S3_BUCKET the
 * bucket holds them (so no volume is needed and replicas share it): the endpoint must be a URL
 * and the keys given both or neither. Without it, ATTACHMENTS_DIR must be on a mount that
 * outlives the container; `shared` says whether that mount is one every replica sees.
 */
function attachmentStorageProblems(
  env: Record<string, string>,
  mounts: Array<{ target: string; persistent: boolean; shared: boolean }>,
  replicas: number,
): string[] {
  const given = (name: string): boolean => (env[name] ?? '') !== '' || (env[`${name}_FILE`] ?? '') !== '';
  if (given('S3_BUCKET')) {
    const problems: string[] = [];
    if (given('S3_ENDPOINT') && !/^https?:\/\/[^/\s]+\/?$/.test(env.S3_ENDPOINT)) {
      problems.push(`S3_ENDPOINT ${env.S3_ENDPOINT} is not an http(s) address`);
    }
    if (given('S3_ACCESS_KEY_ID') !== given('S3_SECRET_ACCESS_KEY')) {
      problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are given one without the other');
    }
    return problems;
  }
  const dir = env.ATTACHMENTS_DIR ?? '';
  const mount = mounts.find((candidate) => dir === candidate.target || dir.startsWith(`${candidate.target.replace(/\/$/, '')}/`));
  if (!dir.startsWith('/') || !mount?.persistent) {
    return [`without S3_BUCKET, ATTACHMENTS_DIR (${dir || 'unset'}) must be on a volume that outlives the container`];
  }
  if (replicas > 1 && !mount.shared) {
    return [`${replicas} replicas without S3_BUCKET need ATTACHMENTS_DIR on a volume every replica shares (ReadWriteMany)`];
  }
  return [];
}

describe("knowledge's attachments (S3-compatible storage when configured, else a volume)", () => {
  it('accepts a bucket without a volume, and a single container with a named volume', () => {
    expect(attachmentStorageProblems({ S3_BUCKET: 'b', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID_FILE: '/s/a', S3_SECRET_ACCESS_KEY_FILE: '/s/b' }, [], 3)).toEqual([]);
    expect(attachmentStorageProblems({ ATTACHMENTS_DIR: '/data/attachments' }, [{ target: '/data/attachments', persistent: true, shared: false }], 1)).toEqual([]);
  });

  it('refuses attachments on the container filesystem, a volume replicas do not share, and half a key pair', () => {
    expect(attachmentStorageProblems({ ATTACHMENTS_DIR: '/data/attachments' }, [], 1)).toHaveLength(1);
    expect(attachmentStorageProblems({ ATTACHMENTS_DIR: '/tmp/attachments' }, [{ target: '/tmp', persistent: false, shared: false }], 1)).toHaveLength(1);
    expect(attachmentStorageProblems({ ATTACHMENTS_DIR: '/data' }, [{ target: '/data', persistent: true, shared: false }], 2)).toHaveLength(1);
    expect(attachmentStorageProblems({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'x' }, [], 2)).toHaveLength(1);
  });

  it('in compose: knowledge uses the MinIO bucket that minio-init creates, with the credentials secrets-init generates for all three', () => {
    const compose = loadCompose();
    const knowledge = compose.services.knowledge;
    const env = composeEnvironment(knowledge);
    const declared = Object.keys(compose.volumes ?? {});
    const mounts = composeVolumes(knowledge).map((mount) => ({ target: mount.target, persistent: declared.includes(mount.source), shared: false }));
    expect(attachmentStorageProblems(env, mounts, 1)).toEqual([]);
    expect(env.S3_BUCKET).toBeTruthy();
    expect(new URL(env.S3_ENDPOINT).hostname).toBe('minio');
    expect(env.S3_FORCE_PATH_STYLE).toBe('true');
    const init = compose.services['minio-init'];
    expect(JSON.stringify(init.entrypoint ?? init.command)).toMatch(new RegExp(`mc mb --ignore-existing [a-z-]+/${env.S3_BUCKET}\\b`));
    expect(knowledge.depends_on).toMatchObject({ 'minio-init': { condition: 'service_completed_successfully' } });
    expect(init.depends_on).toMatchObject({ minio: { condition: 'service_healthy' } });
    expect(Object.keys(compose.volumes ?? {})).toContain(composeVolumes(compose.services.minio).find((mount) => mount.target === '/data')?.source);
    for (const name of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
      expect(generatedSecretFiles()).toContainEqual({ file: env[`${name}_FILE`], readBy: expect.arrayContaining(['knowledge', 'minio', 'minio-init']) });
      for (const reader of ['minio', 'minio-init']) {
        expect({ reader, name, readsFile: JSON.stringify(compose.services[reader].entrypoint).includes(env[`${name}_FILE`]) }).toEqual({ reader, name, readsFile: true });
      }
    }
  });

  it('in Kubernetes: knowledge has a bucket (then it may scale) or a volume for its attachments', () => {
    const resources = readdirSync(join(ROOT, K8S_DIR))
      .filter((file) => /\.ya?ml$/.test(file) && !isKustomization(file))
      .flatMap((file) => loadYamlDocuments(`${K8S_DIR}/${file}`));
    const deployment = resources.find((resource) => resource.kind === 'Deployment' && resource.metadata.name === 'knowledge');
    const pod = deployment?.spec?.template?.spec as Omit<K8sPodSpec, 'volumes'> & { volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }> };
    const container = pod.containers[0];
    const config = resources.find((resource) => resource.kind === 'ConfigMap' && resource.metadata.name === 'deelwijs-config')?.data ?? {};
    const env: Record<string, string> = Object.fromEntries(Object.entries(config).map(([key, value]) => [key, String(value)]));
    for (const variable of container.env ?? []) {
      env[variable.name] = variable.value !== undefined ? String(variable.value) : `<from ${variable.valueFrom?.secretKeyRef?.name ?? 'elsewhere'}>`;
    }
    const claims = resources.filter((resource) => resource.kind === 'PersistentVolumeClaim') as Array<K8sResource & { spec?: { accessModes?: string[] } }>;
    const mounts = (container.volumeMounts ?? []).map((mount) => {
      const claimName = pod.volumes?.find((volume) => volume.name === mount.name)?.persistentVolumeClaim?.claimName;
      const claim = claims.find((candidate) => candidate.metadata.name === claimName);
      return { target: mount.mountPath, persistent: claim !== undefined, shared: (claim?.spec?.accessModes ?? []).includes('ReadWriteMany') };
    });
    const autoscaler = resources.find(
      (resource) => resource.kind === 'HorizontalPodAutoscaler' && (resource.spec as { scaleTargetRef?: { name: string } } | undefined)?.scaleTargetRef?.name === 'knowledge',
    );
    const replicas = Math.max(deployment?.spec?.replicas ?? 1, (autoscaler?.spec as { maxReplicas?: number } | undefined)?.maxReplicas ?? 1);
    expect(attachmentStorageProblems(env, mounts, replicas)).toEqual([]);
    // Taking the bucket away, the same manifest fails: the rule is not satisfied by accident.
    expect(attachmentStorageProblems({ ...env, S3_BUCKET: '' }, mounts, replicas)).not.toEqual([]);
    for (const name of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
      expect({ name, fromSecret: container.env?.find((variable) => variable.name === name)?.valueFrom?.secretKeyRef?.name }).toEqual({ name, fromSecret: 'deelwijs-secrets' });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Every setting the code reads is in the manifests, or its default is said to be fine here
// ---------------------------------------------------------------------------------------------

/** Settings the Deployments leave at their default on purpose, each with the reason. */
const DEFAULT_IS_FINE: Record<string, string> = {
  HOST: '0.0.0.0 is what a container listens on',
  DEELWIJS_DEVELOPMENT: 'false: a cluster is no development machine',
  EVENTS_NAMESPACE: 'empty: one installation per NATS cluster',
  CORS_ALLOWED_ORIGINS: 'none: browsers reach the services through the portal',
  HTTP_BODY_LIMIT_BYTES: '1 MiB of JSON is the API contract',
  HTTP_JSON_MAX_DEPTH: 'the API contract',
  RATE_LIMIT_PER_MINUTE: 'the documented default per client',
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: 'the documented default per address',
  OIDC_ROLE_MAP: "unset: Keycloak's realm uses Deelwijs's role names",
  OIDC_JWKS_URL: 'unset: where the discovery document says',
  OIDC_JWKS_COOLDOWN_MS: 'tuning',
  DATABASE_POOL_SIZE: 'tuning; 20 per pod fits the CloudNativePG max_connections',
  OUTBOX_POLL_INTERVAL_MS: 'tuning',
  OUTBOX_BATCH_SIZE: 'tuning',
  CONSUMER_MAX_DELIVER: 'tuning',
  CONSUMER_ACK_WAIT_MS: 'tuning',
  CONSUMER_BACKOFF_MS: 'tuning',
  CONSUMER_CONCURRENCY: 'tuning',
  CONSUMER_BATCH_SIZE: 'tuning',
  MESSAGING_RETENTION_DAYS: '14 days of inbox and dead letters',
  FAULT_INJECTION: 'crash tests only',
  MAIL_FAULT_INJECTION: 'fault tests only',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'derived from OTEL_EXPORTER_OTLP_ENDPOINT (config.yaml)',
  OTEL_BSP_SCHEDULE_DELAY: 'tuning',
  // activities
  REMINDER_OFFSETS_HOURS: 'the agreed reminder moments',
  REMINDER_OFFSETS_SECONDS: 'tests only (replaces the hours)',
  ATTENDANCE_REMINDER_AFTER_HOURS: 'the agreed moment',
  ATTENDANCE_REMINDER_AFTER_SECONDS: 'tests only (replaces the hours)',
  RETENTION_DAYS: 'the retention period of the privacy statement',
  NOTIFICATION_CONCURRENCY: 'tuning',
  NOTIFICATION_JOB_LOCK_MS: 'tuning',
  REGISTRATION_IMPORT_MAX_BYTES: 'the API contract',
  REGISTRATION_IMPORT_MAX_ROWS: 'the API contract',
  REGISTRATION_IMPORT_JOB_LOCK_MS: 'tuning',
  // knowledge
  ATTACHMENTS_DIR: 'unused while S3_BUCKET is set (the attachments test above checks the pair)',
  ATTACHMENT_MAX_BYTES: 'the API contract (20 MiB, as the Ingress body size)',
  EVALUATION_AGGREGATE_DELAY_MS: 'the documented privacy delay',
  EVALUATION_MIN_RESPONSES: 'the documented privacy threshold',
  // reporting
  DEVIATION_PACE_TOLERANCE: 'the agreed signal thresholds',
  DEVIATION_MIN_ELAPSED: 'the agreed signal thresholds',
  DEVIATION_BUDGET_TOLERANCE: 'the agreed signal thresholds',
  DEVIATION_BUDGET_WARNING_RATIO: 'the agreed signal thresholds',
  SNAPSHOT_CRON: 'the agreed snapshot moment',
  DELIVERY_ATTEMPTS: 'tuning',
  DELIVERY_BACKOFF_MS: 'tuning',
  DELIVERY_TIMEOUT_MS: 'tuning',
  DELIVERY_ALLOW_HTTP: 'false: webhooks over HTTPS only',
  WEBHOOK_ALLOWED_HOSTS: 'unset: any public host (private addresses are refused anyway)',
  // portal
  PORTAL_ALLOWED_ORIGINS: 'its own public address',
  OIDC_SCOPES: 'openid profile email',
  OIDC_POST_LOGOUT_REDIRECT_URL: 'the portal itself',
  SESSION_IDLE_TIMEOUT_SECONDS: 'the documented session policy',
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: 'the documented session policy',
  WEB_APP_DIR: 'where the image puts the built web app',
  MAIL_CATCHER_URL: 'development only: a cluster has a real relay',
  FORWARD_BODY_LIMIT_BYTES: 'the largest upload the services take',
};

/** The settings fields (`  NAME =` / `  NAME:` / `  NAME?:`) of a config file, or of one class in it. */
function configFields(path: string, fromClass?: string, toClass?: string): string[] {
  let text = read(path);
  if (fromClass) {
    text = text.slice(text.indexOf(`export class ${fromClass}`));
  }
  if (toClass) {
    text = text.slice(0, text.indexOf(`export class ${toClass}`));
  }
  return [...text.matchAll(/^ {2}([A-Z][A-Z0-9_]*)\??\s*[:=]/gm)].map((match) => match[1]);
}

/** Variables the shared logging and tracing read straight from the environment (`env.NAME`). */
function observabilityVariables(): string[] {
  const dir = 'libs/observability/src';
  return readdirSync(join(ROOT, dir))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .flatMap((file) => [...read(`${dir}/${file}`).matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((match) => match[1]));
}

/** Every setting a deployable reads: its config class chain, the mailer's if it sends mail, and the observability variables. */
function settingsReadBy(name: string): string[] {
  const own = `services/${name}/src/config/${name}.config.ts`;
  const source = read(own);
  const platform =
    name === 'portal'
      ? [...configFields('libs/platform/src/config/service-config.ts', 'BaseServiceConfig', 'ServiceConfig'), ...configFields('libs/platform/src/config/identity-administration-config.ts')]
      : configFields('libs/platform/src/config/service-config.ts');
  const mail = /extends MailingServiceConfig/.test(source) ? configFields('libs/platform/src/mail/mailing-service.config.ts') : [];
  return [...new Set([...platform, ...mail, ...configFields(own), ...observabilityVariables()])].sort();
}

describe('every setting the code reads is named in the Deployment or has a default said to be fine (infra/k8s)', () => {
  const resources = readdirSync(join(ROOT, K8S_DIR))
    .filter((file) => /\.ya?ml$/.test(file) && !isKustomization(file))
    .flatMap((file) => loadYamlDocuments(`${K8S_DIR}/${file}`));

  it('reads the settings from the code, the newer ones included', () => {
    expect(settingsReadBy('activities')).toEqual(expect.arrayContaining(['SMTP_RETRY_INTERVAL_MS', 'HTTP_REQUEST_LOG', 'LOG_FORMAT', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'PUBLIC_BASE_URL']));
    expect(settingsReadBy('knowledge')).toEqual(expect.arrayContaining(['S3_BUCKET', 'S3_SECRET_ACCESS_KEY', 'ATTACHMENTS_DIR']));
    expect(settingsReadBy('knowledge')).not.toContain('SMTP_HOST');
  });

  it.each([...SERVICE_NAMES, 'portal'])('%s', (name) => {
    const deployment = resources.find((resource) => resource.kind === 'Deployment' && resource.metadata.name === name);
    const container = deployment?.spec?.template?.spec.containers[0];
    const fromConfigMaps = (container?.envFrom ?? []).flatMap((source) =>
      Object.keys(resources.find((resource) => resource.kind === 'ConfigMap' && resource.metadata.name === source.configMapRef?.name)?.data ?? {}),
    );
    const named = new Set([...(container?.env ?? []).map((variable) => variable.name), ...fromConfigMaps]);
    const unmentioned = settingsReadBy(name).filter((setting) => !named.has(setting) && !(setting in DEFAULT_IS_FINE));
    expect(unmentioned).toEqual([]);
  });

  it('keeps no reason for a setting no deployable reads any more', () => {
    const read = new Set([...SERVICE_NAMES, 'portal'].flatMap(settingsReadBy));
    expect(Object.keys(DEFAULT_IS_FINE).filter((setting) => !read.has(setting))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Prometheus: /metrics scraped on the pods, never served through the Ingress
// ---------------------------------------------------------------------------------------------

describe('Prometheus metrics (infra/k8s)', () => {
  const resources = readdirSync(join(ROOT, K8S_DIR))
    .filter((file) => /\.ya?ml$/.test(file) && !isKustomization(file))
    .flatMap((file) => loadYamlDocuments(`${K8S_DIR}/${file}`));
  const deployments = resources.filter((resource) => resource.kind === 'Deployment');
  type IngressPath = { path: string; pathType: string; backend: { service: { name: string; port: { number: number } } } };

  /** The backend the Ingress sends a request for this path on this host to: the longest matching prefix, an exact path first. */
  const routeOf = (host: string, requestPath: string): string | undefined => {
    const paths = resources
      .filter((resource) => resource.kind === 'Ingress')
      .flatMap((ingress) => (ingress.spec as unknown as { rules: Array<{ host: string; http: { paths: IngressPath[] } }> }).rules)
      .filter((rule) => rule.host === host)
      .flatMap((rule) => rule.http.paths);
    const exact = paths.find((candidate) => candidate.pathType === 'Exact' && candidate.path === requestPath);
    const prefix = paths
      .filter((candidate) => candidate.pathType === 'Prefix')
      .filter((candidate) => candidate.path === '/' || requestPath === candidate.path.replace(/\/$/, '') || requestPath.startsWith(`${candidate.path.replace(/\/$/, '')}/`))
      .sort((a, b) => b.path.length - a.path.length)[0];
    return (exact ?? prefix)?.backend.service.name;
  };

  it('serves /metrics through the Ingress on no host: no route there, or one to a Service without pods', () => {
    const hosts = resources
      .filter((resource) => resource.kind === 'Ingress')
      .flatMap((ingress) => (ingress.spec as unknown as { rules: Array<{ host: string }> }).rules.map((rule) => rule.host));
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) {
      for (const path of ['/metrics', '/metrics/']) {
        const backend = routeOf(host, path);
        const service = resources.find((resource) => resource.kind === 'Service' && resource.metadata.name === backend);
        expect({ host, path, servedByPods: backend !== undefined && Object.keys(service?.spec?.selector ?? {}).length > 0 }).toEqual({ host, path, servedByPods: false });
      }
    }
    // The check itself: the portal's host does route everything else to the portal.
    expect(routeOf(hosts[0], '/activiteiten')).toBe('portal');
  });

  it.each(['portal', ...SERVICE_NAMES])('%s: its pods are annotated for scraping on their own port, which a policy opens to Prometheus', (name) => {
    const deployment = deployments.find((resource) => resource.metadata.name === name);
    const template = deployment?.spec?.template as { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: K8sPodSpec } | undefined;
    const port = template?.spec.containers[0].ports?.[0]?.containerPort;
    expect(template?.metadata.annotations).toEqual(
      expect.objectContaining({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' }),
    );
    const opened = resources
      .filter((resource) => resource.kind === 'NetworkPolicy')
      .map((policy) => policy.spec as unknown as NetworkPolicySpec)
      .some(
        (spec) =>
          selects(spec.podSelector, template?.metadata.labels ?? {}) &&
          (spec.ingress ?? []).some(
            (rule) =>
              rule.from?.some((peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring') &&
              rule.ports?.some((candidate) => candidate.port === port),
          ),
      );
    expect(opened).toBe(true);
  });
});
