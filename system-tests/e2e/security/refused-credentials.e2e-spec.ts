import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PUBLISHED_SECRETS } from '@deelwijs/platform';
import { repositoryRoot, TEST_IDENTITY_PUBLIC_KEY, TEST_IDENTITY_SIGNING_KEY, TEST_NATS, TEST_REDIS, TestSystem } from '@deelwijs/testing';

const root = repositoryRoot();
const SERVICES = ['activities', 'knowledge', 'reporting'] as const;
const COMPOSE_DEFAULT = 'local-development-only-secret-do-not-use-in-production';
// Loading a service's code takes a few seconds on a busy machine, before the config is read.

interface Manifest {
  kind: string;
  metadata: { name: string };
  stringData?: Record<string, string>;
  spec?: { template?: { spec: { containers: Array<{ env?: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }> }> } } };
}

/** Per Deployment in infra/k8s: each variable it takes from a Secret, with the Secret's (placeholder) value. */
function kubernetesPlaceholders(): Array<{ service: string; name: string; value: string }> {
  const dir = path.join(root, 'infra', 'k8s');
  const manifests = readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file) && !file.startsWith('kustomization'))
    .flatMap((file) => parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map((document) => document.toJS() as Manifest))
    .filter(Boolean);
  return manifests
    .filter((manifest) => manifest.kind === 'Deployment')
    .flatMap((deployment) =>
      (deployment.spec?.template?.spec.containers ?? []).flatMap((container) =>
        (container.env ?? []).flatMap((variable) => {
          const ref = variable.valueFrom?.secretKeyRef;
          const secret = ref && manifests.find((manifest) => manifest.kind === 'Secret' && manifest.metadata.name === ref.name);
          return ref && secret?.stringData?.[ref.key] !== undefined
            ? [{ service: deployment.metadata.name, name: variable.name, value: secret.stringData[ref.key] }]
            : [];
        }),
      ),
    );
}

/** Runs a built service with the environment and returns how it ended and what it printed. */
function runService(service: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'services', service, 'src', 'main.js')], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A service that accepted the credential would start to serve: stop it and fail the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Real service processes, started the way an operator starts them with the repository's own
 * example values: each refuses to start (exit 78, EX_CONFIG) and names the variable, before it
 * connects anywhere, without printing the value. With DEELWIJS_DEVELOPMENT=true it starts and says so.
 */
describe('a service refuses credentials from the repository', () => {
  const sound = (service: string): Record<string, string> => ({
    PORT: '3999',
    HOST: '127.0.0.1',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/refused_${service}`,
    NATS_URL: TEST_NATS,
    REDIS_URL: TEST_REDIS,
    AUTH_JWT_SECRET: 'Vq8Jz2Lw-r5Tn9Xc4Hb7Ky1Md6Pf3Sg0Ae',
    IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
    // The user its Deployment signs in to NATS as (a value there, not a Secret's placeholder).
    NATS_USER: service,
    // Knowledge's Deployment keeps attachments in a bucket (its keys are the Secret's placeholders).
    ...(service === 'knowledge' ? { S3_BUCKET: 'deelwijs-attachments' } : {}),
  });

  it.each(SERVICES)('%s refuses the signing secret docker-compose.yml had as its default', async (service) => {
    const { code, output } = await runService(service, { ...sound(service), AUTH_JWT_SECRET: COMPOSE_DEFAULT });

    expect(code).toBe(78);
    expect(output).toMatch(/AUTH_JWT_SECRET is the default docker-compose.yml once had: it is public/);
    expect(output).toContain('DEELWIJS_DEVELOPMENT=true');
    expect(output).not.toContain(COMPOSE_DEFAULT);
  }, 40_000);

  it('knows the compose default as published', () => {
    expect(PUBLISHED_SECRETS.map((entry) => entry.value)).toContain(COMPOSE_DEFAULT);
  });

  const placeholders = kubernetesPlaceholders();

  it('finds the placeholders of infra/k8s for every service', () => {
    for (const service of SERVICES) {
      // knowledge sends no mail, so it has no SMTP account.
      expect(placeholders.filter((entry) => entry.service === service).map((entry) => entry.name).sort()).toEqual([
        'AUTH_JWT_SECRET',
        'DATABASE_URL',
        'IDENTITY_SIGNING_PUBLIC_KEY',
        'NATS_PASSWORD',
        'REDIS_URL',
        // knowledge's attachments go to object storage with keys of its own.
        ...(service === 'knowledge' ? ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] : ['SMTP_PASSWORD']),
      ]);
    }
  });

  it.each(SERVICES)('%s refuses each placeholder its infra/k8s Deployment carries, naming every one', async (service) => {
    const own = placeholders.filter((entry) => entry.service === service);

    const { code, output } = await runService(service, { ...sound(service), ...Object.fromEntries(own.map((entry) => [entry.name, entry.value])) });

    expect(code).toBe(78);
    for (const { name } of own) {
      expect(output).toMatch(new RegExp(`- ${name} (has a password that )?is the placeholder in infra/k8s/secret.yaml`));
    }
    // Nothing else is refused: the rest of the environment is sound.
    expect(output.match(/^ {2}- /gm)).toHaveLength(own.length);
    for (const { value } of own) {
      expect(output).not.toContain(/^\w+:\/\//.test(value) ? new URL(value).password : value);
    }
  }, 40_000);

  describe('the portal', () => {
    const OLD_COMPOSE_CLIENT_SECRET = 'local-development-only-portal-client-secret';
    const portal = (env: Record<string, string>) =>
      runService('portal', {
        PORT: '3999',
        HOST: '127.0.0.1',
        NATS_URL: TEST_NATS,
        REDIS_URL: TEST_REDIS,
        OIDC_ISSUER_URL: 'http://127.0.0.1:3998',
        OIDC_CLIENT_SECRET: 'pV3q-8sKz1LmW4xR7tN0bYc6Hd2Jf9Ga',
        IDENTITY_SIGNING_KEY: TEST_IDENTITY_SIGNING_KEY,
        NATS_USER: 'portal',
        ...env,
      });

    it('refuses the client secret docker-compose.yml and the Keycloak realm once had', async () => {
      const { code, output } = await portal({ OIDC_CLIENT_SECRET: OLD_COMPOSE_CLIENT_SECRET });

      expect(code).toBe(78);
      expect(output).toMatch(/- OIDC_CLIENT_SECRET is the portal's client secret docker-compose.yml and infra\/keycloak\/deelwijs-realm.json once had: it is public/);
      expect(output).not.toContain(OLD_COMPOSE_CLIENT_SECRET);
    }, 40_000);

    it('refuses each placeholder its infra/k8s Deployment carries, naming every one', async () => {
      const own = placeholders.filter((entry) => entry.service === 'portal');
      expect(own.map((entry) => entry.name).sort()).toEqual(['IDENTITY_SIGNING_KEY', 'NATS_PASSWORD', 'OIDC_CLIENT_SECRET', 'REDIS_URL']);

      const { code, output } = await portal(Object.fromEntries(own.map((entry) => [entry.name, entry.value])));

      expect(code).toBe(78);
      for (const { name } of own) {
        expect(output).toMatch(new RegExp(`- ${name} (has a password that )?is the placeholder in infra/k8s/secret.yaml`));
      }
      expect(output.match(/^ {2}- /gm)).toHaveLength(own.length);
    }, 40_000);
  });

  describe('with DEELWIJS_DEVELOPMENT=true', () => {
    const system = new TestSystem('devflag');
    afterAll(() => system.cleanUp());

    it('starts with the compose default and warns at start, naming the variable', async () => {
      const reporting = await system.start('reporting', await system.database('reporting'), {
        AUTH_JWT_SECRET: COMPOSE_DEFAULT,
        DEELWIJS_DEVELOPMENT: 'true',
      });

      expect((await fetch(`${reporting.url}/health/ready`)).status).toBe(200);
      expect(reporting.logs).toMatch(
        /AUTH_JWT_SECRET is the default docker-compose.yml once had: it is public, so it protects nothing\. Accepted only because DEELWIJS_DEVELOPMENT=true/,
      );
      expect(reporting.logs).not.toContain(COMPOSE_DEFAULT);
    }, 60_000);
  });
});
