import { ROLES } from '@deelwijs/contracts';
import { parseRoleMap, type OidcVerifierOptions } from '@deelwijs/identity';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  IsBoolean,
  ValidateBy,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { EnvelopeVerifier, signingKey } from '@deelwijs/contracts';
import {
  findUnsafeSecrets,
  readSecretFiles,
  SecretSetting,
  secretSettingsOf,
  type SecretFinding,
  type SecretSettingDeclaration,
} from './secret-settings';
import { parseCidr } from '../http/network-addresses';

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value;

/** proxy-addr's names for ranges, as Fastify's trustProxy takes them. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** A hop count (`1`), or addresses, CIDRs and proxy-addr's range names (`10.0.0.0/8,loopback`); empty: none. */
export function isTrustProxySetting(value: unknown): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  if (value.trim() === '' || /^\d{1,2}$/.test(value.trim())) {
    return true;
  }
  return value.split(',').every((part) => PROXY_RANGE_NAMES.includes(part.trim()) || parseCidr(part) !== undefined);
}

/** Origins only: scheme, host and port, without a path (`https://portal.example.nl`). */
const ORIGIN = /^https?:\/\/[^/\s?#]+$/;

const ROLE_MAP = new RegExp(`^[^=,\\s]+=(${ROLES.join('|')})(,[^=,\\s]+=(${ROLES.join('|')}))*$`);

// An empty entry ("100,") is refused rather than read as 0 ms.
const toIntList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((part) => (part.trim() === '' ? NaN : Number(part.trim()))) : value;

/** An Ed25519 key as the identity signature needs it: the private half, or one or more public ones. */
export function IsIdentityKey(half: 'private' | 'public'): PropertyDecorator {
  return ValidateBy({
    name: 'isIdentityKey',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') {
          return false;
        }
        try {
          if (half === 'private') {
            signingKey(value);
          } else {
            new EnvelopeVerifier(value);
          }
          return true;
        } catch {
          return false;
        }
      },
      defaultMessage: () =>
        half === 'private'
          ? 'must be an Ed25519 private key (base64 PKCS#8 DER or PEM)'
          : 'must be Ed25519 public keys (base64 SPKI DER, comma-separated, or one PEM)',
    },
  });
}

/**
 * Settings of every process built on the platform, the portal (which has no database of its
 * own) included. A service's settings add its database and event plumbing (ServiceConfig).
 */
export class BaseServiceConfig {
  /** One log line per HTTP request (method, route, status, duration, correlation id): at `info`, `debug` (npm start) or `off`; 5xx always at warn. */
  @IsIn(['info', 'debug', 'off'])
  HTTP_REQUEST_LOG: 'info' | 'debug' | 'off' = 'info';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * A development machine only: start even with a credential that is published, a placeholder
   * or too short (and say so in a warning at start). Never set where anyone else can connect.
   */
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  DEELWIJS_DEVELOPMENT = false;

  @SecretSetting({ kind: 'url-password' })
  @Matches(/^(nats|tls):\/\/[^,\s]+(,(nats|tls):\/\/[^,\s]+)*$/, { message: 'must be nats://host:port, comma-separated for a cluster' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * The process's own NATS user, whose permissions say what it may publish (infra/nats); unset
   * on a server without authentication (the machine's NATS for `npm start` and the tests).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'may hold letters, digits, - and _ only' })
  NATS_USER?: string;

  /** NATS_USER's password; or NATS_PASSWORD_FILE. */
  @SecretSetting({ minLength: 16 })
  @IsOptional()
  @IsString()
  NATS_PASSWORD?: string;

  @SecretSetting({ kind: 'url-password' })
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^([a-z0-9][a-z0-9_-]*)?$/i, { message: 'may hold letters, digits, - and _ only' })
  EVENTS_NAMESPACE = '';

  @Type(() => Number)
  @IsInt()
  @IsIn([1, 3, 5])
  STREAM_REPLICAS = 1;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL = 'info';

  /**
   * The reverse proxies (load balancer, ingress) whose X-Forwarded-For and X-Forwarded-Proto
   * are believed: a number of hops (`1`), or their addresses and CIDRs (`10.0.0.0/8,fd00::/8`,
   * also `loopback`, `linklocal`, `uniquelocal`). Empty, the default: none, so the client's
   * address (rate limits of anonymous calls) and protocol (HSTS) are the connection's own.
   */
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: isTrustProxySetting,
      defaultMessage: () => 'must be a hop count, or addresses and CIDR ranges separated by commas',
    },
  })
  TRUST_PROXY = '';

  /**
   * Browser origins allowed to call this process across origins (CORS), comma-separated
   * (`https://portal.provincie.example`). Empty, the default: no CORS headers at all, so browsers
   * refuse every cross-origin call; the portal reaches the services from its own server.
   */
  @Transform(toList)
  @Matches(ORIGIN, { each: true, message: 'must be origins such as https://portal.example.nl, comma-separated' })
  CORS_ALLOWED_ORIGINS: string[] = [];

  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  HTTP_BODY_LIMIT_BYTES = 1_048_576;

  /** Deeper request bodies are refused with 400 before any handler walks them. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(1_000)
  HTTP_JSON_MAX_DEPTH = 32;

  /**
   * Requests a minute per API key or staff subject, per service, counted in Redis across its
   * instances; 0 turns the limit off. Stripe's 100 a second: a bulk partner sends 10,000
   * registrations in one request, so only a runaway client meets it.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE = 6_000;

  /** The same for calls without credentials (public routes), per client address; 0 turns it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_ANONYMOUS_PER_MINUTE = 600;

  /**
   * The OpenID provider whose access tokens the services accept beside the staff tokens, and
   * that the portal signs people in with. Unset: staff tokens only (and `npm start` runs the
   * embedded provider and sets it).
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  OIDC_ISSUER_URL?: string;

  /** The audience (`aud`) of the provider's access tokens for the services. */
  @IsString()
  OIDC_AUDIENCE = 'urn:deelwijs:api';

  /** The claim, or a dotted path (`realm_access.roles` for Keycloak), holding the roles. */
  @IsString()
  OIDC_ROLES_CLAIM = 'roles';

  /** The claim (or dotted path) holding the organisation's Deelwijs id (a uuid). */
  @IsString()
  OIDC_ORGANISATION_CLAIM = 'org';

  /** The provider's role names mapped to ours: `Deelwijs.Organiser=organiser,Deelwijs.Partner=partner`. */
  @IsOptional()
  @Matches(ROLE_MAP, { message: `must be <provider role>=<role>[,...] with roles among ${ROLES.join(', ')}` })
  OIDC_ROLE_MAP?: string;

  /** The provider's key set, when it is not where its discovery document says. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  OIDC_JWKS_URL?: string;

  /** After fetching the key set, none again for this long, even for an unknown key id. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  OIDC_JWKS_COOLDOWN_MS = 30_000;
}

/**
 * Settings every service reads from its environment. A service extends this class with its
 * own settings and defaults; `loadConfig` validates the lot at start-up.
 */
export class ServiceConfig extends BaseServiceConfig {
  @SecretSetting({ kind: 'url-password' })
  @Matches(/^postgres(ql)?:\/\/[^/]+\/[a-zA-Z0-9_]+(\?.*)?$/, { message: 'must be a postgres:// URL naming a database' })
  DATABASE_URL: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  /** Signs and checks staff bearer tokens (HS256) until an OpenID Connect provider is configured. */
  @SecretSetting({ minLength: 32 })
  @IsString()
  AUTH_JWT_SECRET: string;

  /**
   * The identity administration's public key(s): an identity event (an organisation, an API key
   * issued or revoked) is applied only when signed by one of them (libs/contracts,
   * event-signature.ts). Comma-separated while a key is being replaced. Not a secret, but marked
   * as one so that it may come from a file (IDENTITY_SIGNING_PUBLIC_KEY_FILE) like the
   * credentials, and a placeholder is refused at start the same way.
   */
  @SecretSetting()
  @IsIdentityKey('public')
  IDENTITY_SIGNING_PUBLIC_KEY: string;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS = 1_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5_000)
  OUTBOX_BATCH_SIZE = 200;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  CONSUMER_MAX_DELIVER = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  CONSUMER_ACK_WAIT_MS = 5_000;

  @Transform(toIntList)
  @IsInt({ each: true })
  @Min(0, { each: true })
  CONSUMER_BACKOFF_MS: number[] = [500, 2_000, 10_000, 30_000];

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  CONSUMER_CONCURRENCY = 16;

  /** Most events one consumer transaction applies; see MessagingOptions.consumer.batchSize. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  CONSUMER_BATCH_SIZE = 16;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  MESSAGING_RETENTION_DAYS = 14;

  /** Crash tests only: SIGKILL the process at a point of the outbox relay. */
  @IsOptional()
  @IsIn(['crash-before-publish', 'crash-after-publish'])
  FAULT_INJECTION?: 'crash-before-publish' | 'crash-after-publish';

}

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    hint?: string,
  ) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}${hint ? `\n${hint}` : ''}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Told what start-up let pass only because of DEELWIJS_DEVELOPMENT (a service logs it). */
  warn?: (message: string) => void;
}

const CREDENTIAL_HINT =
  'Set credentials of your own (a signing secret: openssl rand -base64 48). On a development machine only, ' +
  'DEELWIJS_DEVELOPMENT=true starts with them anyway.';

/**
 * Builds and validates a config class from the environment: defaults on the class, then
 * the service's defaults, then the environment (a credential NAME also from the file NAME_FILE
 * names). Every problem is reported with the variable's name. Credentials (`@SecretSetting`)
 * that are published, placeholders or too short are refused unless DEELWIJS_DEVELOPMENT=true,
 * which lets them pass with a warning.
 */
export function loadConfig<T extends BaseServiceConfig>(
  ConfigClass: new () => T,
  env: NodeJS.ProcessEnv,
  defaults: Partial<Record<keyof T, string>> = {},
  options: LoadConfigOptions = {},
): T {
  const known = Object.keys(new ConfigClass());
  const secrets = secretSettingsOf(ConfigClass);
  const source: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '' && (known.includes(key) || key in defaults || isDeclared(ConfigClass, key))) {
      source[key] = value;
    }
  }
  const fromFiles = readSecretFiles(env, secrets);
  Object.assign(source, fromFiles.values);
  const config = plainToInstance(ConfigClass, source, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: false });
  const findings = findUnsafeSecrets(source, secrets);
  // A placeholder or a published value is named as such, not as a value of the wrong form
  // (an identity key that reads `replace-me`): that is what the operator has to change.
  const knownValues = new Set(findings.filter(isKnownValue).map((finding) => finding.name));
  const problems = [...fromFiles.problems, ...flatten(errors.filter((error) => !knownValues.has(error.property)), source, secrets)];
  if (Boolean(config.NATS_USER) !== Boolean(config.NATS_PASSWORD)) {
    problems.push(config.NATS_USER ? 'NATS_PASSWORD is required when NATS_USER is set (or NATS_PASSWORD_FILE)' : 'NATS_USER is required when NATS_PASSWORD is set');
  }
  const invalid = new Set(errors.map((error) => error.property));
  const unsafe = findings.filter((finding) => isKnownValue(finding) || !invalid.has(finding.name));
  if (config.DEELWIJS_DEVELOPMENT === true) {
    for (const finding of unsafe) {
      options.warn?.(`${finding.reason}. Accepted only because DEELWIJS_DEVELOPMENT=true: never run like this where anyone else can connect.`);
    }
  } else {
    problems.push(...unsafe.map((finding) => finding.reason));
  }
  if (problems.length > 0) {
    throw new ConfigError(problems, unsafe.length > 0 && config.DEELWIJS_DEVELOPMENT !== true ? CREDENTIAL_HINT : undefined);
  }
  return config;
}

/** Published, a default or a placeholder, as opposed to merely too short. */
function isKnownValue(finding: SecretFinding): boolean {
  return !/ must be at least \d+ characters/.test(finding.reason);
}

function isDeclared(ConfigClass: new () => unknown, key: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(key) && Reflect.getMetadata?.('design:type', ConfigClass.prototype, key) !== undefined;
}

function flatten(errors: ValidationError[], source: Record<string, unknown>, secrets: SecretSettingDeclaration[]): string[] {
  return errors.flatMap((error) => {
    const constraints = Object.values(error.constraints ?? {});
    const given = source[error.property];
    if (given === undefined) {
      return [`${error.property} is required (${constraints[0] ?? 'missing'})`];
    }
    const prefix = `${error.property} `;
    return constraints.map(
      (constraint) =>
        `${error.property} ${constraint.startsWith(prefix) ? constraint.slice(prefix.length) : constraint} (got ${shown(error.property, given, secrets)})`,
    );
  });
}

/** A refused value as the error may quote it: never a secret, nor the password in a URL. */
function shown(name: string, value: unknown, secrets: SecretSettingDeclaration[]): string {
  if (/SECRET|PASSWORD|TOKEN|_KEY$/.test(name) || secrets.some((secret) => secret.name === name && secret.kind === 'value')) {
    return `a value of ${String(value).length} characters`;
  }
  return `"${String(value).replace(/(\/\/[^/:@\s]*:)[^@\s]*@/g, '$1***@')}"`;
}

/** The provider's verifier settings, or undefined when no provider is configured. */
/** The process's own NATS user, when it has one. */
export function natsCredentials(config: BaseServiceConfig): { user: string; password: string } | undefined {
  return config.NATS_USER ? { user: config.NATS_USER, password: config.NATS_PASSWORD ?? '' } : undefined;
}

export function oidcVerifierOptions(config: BaseServiceConfig): OidcVerifierOptions | undefined {
  if (!config.OIDC_ISSUER_URL) {
    return undefined;
  }
  return {
    issuer: config.OIDC_ISSUER_URL,
    audience: config.OIDC_AUDIENCE,
    rolesClaim: config.OIDC_ROLES_CLAIM,
    organisationClaim: config.OIDC_ORGANISATION_CLAIM,
    roleMap: parseRoleMap(config.OIDC_ROLE_MAP),
    jwksUrl: config.OIDC_JWKS_URL,
    jwksCooldownMs: config.OIDC_JWKS_COOLDOWN_MS,
  };
}
