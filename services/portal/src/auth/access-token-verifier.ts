import { OidcTokenVerifier } from '@deelwijs/identity';
import { oidcVerifierOptions } from '@deelwijs/platform';
import type { PortalConfig } from '../config/portal.config';

/**
 * Checks the access token the portal receives at sign-in exactly as the services will (issuer,
 * audience, signature, roles and organisation claims): the session's roles are the ones the
 * services grant, never read from an unchecked token.
 */
export class AccessTokenVerifier extends OidcTokenVerifier {
  constructor(config: PortalConfig) {
    super(oidcVerifierOptions(config)!);
  }
}
