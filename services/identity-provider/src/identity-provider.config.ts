import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Min, MinLength } from 'class-validator';
import { IdentityAdministrationConfig, SecretSetting } from '@deelwijs/platform';

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value;

/** The embedded OpenID provider's settings (development, demos and tests; production uses the province's provider). */
export class IdentityProviderConfig extends IdentityAdministrationConfig {
  /** The issuer, as every token names it and every verifier expects it: the provider's public address. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  OIDC_PROVIDER_ISSUER = 'http://localhost:3004';

  /** Where the signing keys and cookie keys are kept (made on first start), so tokens and sessions outlive a restart. */
  @IsString()
  OIDC_PROVIDER_KEYS_FILE = '.deelwijs/oidc-provider-keys.json';

  /** The portal's client registration. */
  @IsString()
  PORTAL_CLIENT_ID = 'deelwijs-portal';

  /** The same as the portal's OIDC_CLIENT_SECRET; or PORTAL_CLIENT_SECRET_FILE. */
  @SecretSetting()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  PORTAL_CLIENT_SECRET: string;

  /** The portal's addresses (comma-separated): its /auth/callback and its post-logout page are derived from them. */
  @Transform(toList)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { each: true, message: 'must be http(s) URLs' })
  PORTAL_URLS: string[] = ['http://localhost:3000'];

  /** The demo accounts' password (one for all of them); or DEMO_PASSWORD_FILE. */
  @SecretSetting()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  DEMO_PASSWORD: string;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  ACCESS_TOKEN_TTL_SECONDS = 600;

  /** How long a sign-in at the provider lasts (its session, and the refresh tokens bound to it). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  SESSION_TTL_SECONDS = 8 * 3600;

  /** Tests only: do not register the demo partner organisation in the IDENTITY stream. */
  @IsOptional()
  @IsString()
  SKIP_DEMO_ORGANISATION?: string;
}
