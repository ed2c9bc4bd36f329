import { Injectable, Logger } from '@nestjs/common';
import { PortalConfig } from '../config/portal.config';

/** openid-client is an ES module; see libs/identity/src/oidc/es-modules.ts for why import(). */
function loadOpenIdClient() {
  return import('openid-client');
}
type OpenIdClient = Awaited<ReturnType<typeof loadOpenIdClient>>;
type Configuration = InstanceType<OpenIdClient['Configuration']>;

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch milliseconds. */
  accessTokenExpiresAt: number;
  idTokenClaims?: Record<string, unknown>;
}

export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The portal as an OpenID relying party (openid-client): authorization code with PKCE, state
 * and nonce; refresh; the provider's end-session URL. The provider's metadata is discovered on
 * first use and again after a failure, so the portal may start before its provider.
 */
@Injectable()
export class OidcClient {
  private readonly logger = new Logger(OidcClient.name);
  private configuration?: Promise<{ client: OpenIdClient; config: Configuration }>;

  constructor(private readonly settings: PortalConfig) {}

  get redirectUri(): string {
    return `${this.settings.PORTAL_PUBLIC_URL.replace(/\/$/, '')}/auth/callback`;
  }

  async newLoginChecks(): Promise<LoginChecks> {
    const { client } = await this.discovered();
    return { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  }

  async authorizationUrl(checks: LoginChecks, language?: string): Promise<URL> {
    const { client, config } = await this.discovered();
    const parameters: Record<string, string> = {
      redirect_uri: this.redirectUri,
      scope: this.settings.OIDC_SCOPES,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    };
    if (language) {
      parameters.ui_locales = language;
    }
    return client.buildAuthorizationUrl(config, parameters);
  }

  /** Exchanges the code of the provider's answer (the callback's URL) for tokens, checking state, nonce and PKCE. */
  async exchange(callbackUrl: URL, checks: LoginChecks): Promise<TokenSet> {
    const { client, config } = await this.discovered();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return {
      ...tokenSet(tokens),
      idTokenClaims: tokens.claims() as Record<string, unknown> | undefined,
    };
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    const { client, config } = await this.discovered();
    const tokens = await client.refreshTokenGrant(config, refreshToken);
    // A provider that does not rotate refresh tokens answers without one: keep the old.
    return { ...tokenSet(tokens), refreshToken: tokens.refresh_token ?? refreshToken };
  }

  /** Best effort: the refresh token dies with the provider's session anyway. */
  async revoke(refreshToken: string): Promise<void> {
    const { client, config } = await this.discovered();
    if (config.serverMetadata().revocation_endpoint) {
      await client.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' }).catch((error: unknown) => {
        this.logger.warn({ msg: 'refresh token not revoked', error: (error as Error).message });
      });
    }
  }

  /** Where the browser goes to end the provider's session too; undefined when the provider has no end-session endpoint. */
  async endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
    const { client, config } = await this.discovered();
    if (!config.serverMetadata().end_session_endpoint) {
      return undefined;
    }
    const parameters: Record<string, string> = {
      post_logout_redirect_uri: this.settings.OIDC_POST_LOGOUT_REDIRECT_URL ?? `${this.settings.PORTAL_PUBLIC_URL.replace(/\/$/, '')}/`,
      client_id: this.settings.OIDC_CLIENT_ID,
    };
    if (idToken) {
      parameters.id_token_hint = idToken;
    }
    return client.buildEndSessionUrl(config, parameters).href;
  }

  private discovered(): Promise<{ client: OpenIdClient; config: Configuration }> {
    this.configuration ??= this.discover();
    return this.configuration.catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
  }

  private async discover(): Promise<{ client: OpenIdClient; config: Configuration }> {
    const client = await loadOpenIdClient();
    const issuer = new URL(this.settings.OIDC_ISSUER_URL!);
    const insecure = issuer.protocol === 'http:';
    if (insecure) {
      this.logger.warn({ msg: 'the OpenID provider is reached over plain http: for development only', issuer: issuer.href });
    }
    const config = await client.discovery(
      issuer,
      this.settings.OIDC_CLIENT_ID,
      undefined,
      client.ClientSecretBasic(this.settings.OIDC_CLIENT_SECRET),
      insecure ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    );
    return { client, config };
  }
}

function tokenSet(tokens: { access_token: string; refresh_token?: string; id_token?: string; expiresIn(): number | undefined }): TokenSet {
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    idToken: tokens.id_token,
    accessTokenExpiresAt: Date.now() + (tokens.expiresIn() ?? 300) * 1_000,
  };
}
