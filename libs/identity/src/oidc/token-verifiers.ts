import type { Principal } from '../principal';
import type { TokenVerifier } from '../staff-token';

/**
 * Staff tokens (HS256, made by the admin command for scripts and tests) and the OpenID
 * provider's tokens side by side: the token's header says which one it is, so neither verifier
 * ever sees the other's tokens (and an HS256 token can never pass as the provider's).
 */
export class StaffOrProviderTokenVerifier implements TokenVerifier {
  constructor(
    private readonly staff: TokenVerifier,
    private readonly provider: TokenVerifier,
  ) {}

  verify(token: string): Principal | Promise<Principal> {
    return algorithmOf(token) === 'HS256' ? this.staff.verify(token) : this.provider.verify(token);
  }
}

function algorithmOf(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' ? header.alg : undefined;
  } catch {
    return undefined;
  }
}
