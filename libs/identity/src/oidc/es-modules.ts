/**
 * jose, openid-client and oidc-provider ship only as ES modules. This CommonJS code loads them
 * with import(), which the compiler keeps as it is for Node (node16 module mode), and only when
 * an OpenID provider is configured. Under Jest, ts-jest turns import() into require() and
 * scripts/jest-esm-transform.js transpiles the packages themselves (see jest.config.js).
 */
export function loadJose() {
  return import('jose');
}

export type Jose = Awaited<ReturnType<typeof loadJose>>;
export type JwtPayload = Awaited<ReturnType<Jose['jwtVerify']>>['payload'];
