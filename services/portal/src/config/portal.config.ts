import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Min, MinLength } from 'class-validator';
import { IdentityAdministrationConfig, SecretSetting } from '@deelwijs/platform';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const URL_MESSAGE = { message: 'must be an http(s) URL' };
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value;

/**
 * The portal's settings. OIDC_ISSUER_URL (from the base) is required here: the portal signs
 * people in with it. Everything else has a development default.
 */
export class PortalConfig extends IdentityAdministrationConfig {
  /** The portal's public address: the OpenID redirect URI, the Origin a state-changing call must carry, and Secure cookies when https. */
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  PORTAL_PUBLIC_URL = 'http://localhost:3000';

  /** Other origins allowed to make state-changing calls (a Vite dev server that proxies /api and /auth). */
  @Transform(toList)
  @IsUrl(URL_OPTIONS, { each: true, message: 'must be http(s) URLs' })
  PORTAL_ALLOWED_ORIGINS: string[] = [];

  @IsString()
  OIDC_CLIENT_ID = 'deelwijs-portal';

  /**
   * Issued by the provider (its length is the provider's business); or OIDC_CLIENT_SECRET_FILE.
   * A published or placeholder one is refused at start.
   */
  @SecretSetting()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_SECRET: string;

  /** Asked for at sign-in; offline_access for a refresh token (Entra ID needs it; Keycloak gives one anyway). */
  @IsString()
  OIDC_SCOPES = 'openid profile email offline_access';

  /** Where the provider sends the browser back after sign-out; the portal's home by default. */
  @IsOptional()
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  OIDC_POST_LOGOUT_REDIRECT_URL?: string;

  /** A session unused this long ends. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60;

  /** A session ends this long after sign-in, however busy. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  SESSION_ABSOLUTE_TIMEOUT_SECONDS = 10 * 3600;

  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  ACTIVITIES_URL = 'http://127.0.0.1:3001';

  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  KNOWLEDGE_URL = 'http://127.0.0.1:3002';

  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  REPORTING_URL = 'http://127.0.0.1:3003';

  /** The built web app (vite build of services/portal-web); a placeholder page is served while it is missing. */
  @IsString()
  WEB_APP_DIR = 'dist/services/portal-web';

  /** Development only: the mail catcher's page, linked from the app. */
  @IsOptional()
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  MAIL_CATCHER_URL?: string;

  /** Largest request body forwarded to a service (spreadsheet uploads). */
  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  FORWARD_BODY_LIMIT_BYTES = 50 * 1_048_576;
}
