import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PARTNER_ORGANISATION, type DemoAccount } from '@deelwijs/identity';
import { TEST_IDENTITY_SIGNING_KEY } from './infrastructure';
import { freePort, repositoryRoot, type ServiceProcess } from './service-process';
import { TestSystem } from './test-system';
import { PortalHttpClient } from './portal-http-client';

/** Five processes start at once; on a busy two-core machine a cold start can take a while. */
const READY_TIMEOUT_MS = 120_000;

export interface PortalSystemOptions {
  /** Names the test's namespace, databases and streams. */
  label?: string;
  /** The demo accounts' password; a random one by default. */
  password?: string;
  /** The access tokens' lifetime at the provider (a short one makes the portal refresh). */
  accessTokenTtlSeconds?: number;
  /** Where the built web app is; dist/services/portal-web by default (a placeholder page while it is missing). */
  webAppDir?: string;
  /** Extra environment per process. */
  env?: Partial<Record<'portal' | 'provider' | 'activities' | 'knowledge' | 'reporting', Record<string, string>>>;
}

export interface PortalSystemUrls {
  portal: string;
  provider: string;
  activities: string;
  knowledge: string;
  reporting: string;
}

/**
 * The whole system as a person meets it, for end-to-end and browser tests: the embedded OpenID
 * provider, the three services (accepting its tokens) and the portal in front, each a real
 * process on a free port, under one fresh namespace with databases of its own.
 *
 *   const system = await PortalSystem.start({ label: 'browser' });
 *   // system.urls.portal, system.accounts (username, password, roles), system.partnerOrganisation
 *   await system.stop();
 */
export class PortalSystem {
  private constructor(
    readonly system: TestSystem,
    readonly urls: PortalSystemUrls,
    readonly password: string,
    readonly processes: Record<'portal' | 'provider' | 'activities' | 'knowledge' | 'reporting', ServiceProcess>,
    private readonly keysDirectory: string,
  ) {}

  static async start(options: PortalSystemOptions = {}): Promise<PortalSystem> {
    const system = new TestSystem(options.label ?? 'portal');
    const password = options.password ?? randomBytes(12).toString('base64url');
    const clientSecret = randomBytes(32).toString('base64url');
    const keysDirectory = mkdtempSync(path.join(tmpdir(), 'deelwijs-oidc-'));
    const [portalPort, providerPort] = [await freePort(), await freePort()];
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const issuer = `http://127.0.0.1:${providerPort}`;
    try {
      const provider = await system.start(
        'identity-provider',
        undefined,
        {
          OIDC_PROVIDER_ISSUER: issuer,
          OIDC_PROVIDER_KEYS_FILE: path.join(keysDirectory, 'keys.json'),
          PORTAL_URLS: portalUrl,
          PORTAL_CLIENT_SECRET: clientSecret,
          DEMO_PASSWORD: password,
          IDENTITY_SIGNING_KEY: TEST_IDENTITY_SIGNING_KEY,
          ...(options.accessTokenTtlSeconds ? { ACCESS_TOKEN_TTL_SECONDS: String(options.accessTokenTtlSeconds) } : {}),
          ...options.env?.provider,
        },
        { port: providerPort, readyTimeoutMs: READY_TIMEOUT_MS },
      );
      const oidc = { OIDC_ISSUER_URL: issuer };
      const [activitiesDb, knowledgeDb, reportingDb] = await Promise.all(['activities', 'knowledge', 'reporting'].map((name) => system.database(name)));
      const [activities, knowledge, reporting] = await Promise.all([
        system.start('activities', activitiesDb, { ...oidc, ...options.env?.activities }, { readyTimeoutMs: READY_TIMEOUT_MS }),
        system.start('knowledge', knowledgeDb, { ...oidc, ...options.env?.knowledge }, { readyTimeoutMs: READY_TIMEOUT_MS }),
        system.start('reporting', reportingDb, { ...oidc, ...options.env?.reporting }, { readyTimeoutMs: READY_TIMEOUT_MS }),
      ]);
      const portal = await system.start(
        'portal',
        undefined,
        {
          ...oidc,
          OIDC_CLIENT_SECRET: clientSecret,
          IDENTITY_SIGNING_KEY: TEST_IDENTITY_SIGNING_KEY,
          PORTAL_PUBLIC_URL: portalUrl,
          ACTIVITIES_URL: activities.url,
          KNOWLEDGE_URL: knowledge.url,
          REPORTING_URL: reporting.url,
          WEB_APP_DIR: options.webAppDir ?? path.join(repositoryRoot(), 'dist', 'services', 'portal-web'),
          ...options.env?.portal,
        },
        { port: portalPort, readyTimeoutMs: READY_TIMEOUT_MS },
      );
      return new PortalSystem(
        system,
        { portal: portalUrl, provider: issuer, activities: activities.url, knowledge: knowledge.url, reporting: reporting.url },
        password,
        { portal, provider, activities, knowledge, reporting },
        keysDirectory,
      );
    } catch (error) {
      await system.cleanUp();
      rmSync(keysDirectory, { recursive: true, force: true });
      throw error;
    }
  }

  /** The demo accounts with the password, as a person signs in. */
  get accounts(): Array<DemoAccount & { password: string }> {
    return DEMO_ACCOUNTS.map((account) => ({ ...account, password: this.password }));
  }

  account(username: string): DemoAccount & { password: string } {
    const account = this.accounts.find((candidate) => candidate.username === username);
    if (!account) {
      throw new Error(`no demo account ${username}`);
    }
    return account;
  }

  get partnerOrganisation(): { organisationId: string; name: string } {
    return DEMO_PARTNER_ORGANISATION;
  }

  get namespace(): string {
    return this.system.namespace;
  }

  /** An HTTP client signed in as a demo account (cookies, CSRF token). */
  async signedIn(username: string): Promise<PortalHttpClient> {
    const client = new PortalHttpClient(this.urls.portal);
    const { response, url } = await client.signIn(username, this.password);
    if (!url.startsWith(this.urls.portal) || response.status !== 200) {
      throw new Error(`signing in as ${username} ended at ${url} with ${response.status}`);
    }
    return client;
  }

  async stop(): Promise<void> {
    await this.system.cleanUp();
    rmSync(this.keysDirectory, { recursive: true, force: true });
  }
}
