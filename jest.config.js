// One Jest run, three kinds of test: unit tests beside the code, integration tests against the
// machine's real PostgreSQL, NATS and Redis, and end-to-end tests that start the built services
// (each service's own in services/<service>/e2e, the cross-service ones in system-tests/e2e).
const fs = require('node:fs');
const path = require('node:path');

const ESM_ONLY_PACKAGES = ['jose', 'openid-client', 'oauth4webapi', 'oidc-provider'];

// The path aliases of tsconfig.base.json (@deelwijs/testing, @deelwijs/testing/bench, ...), as
// Jest module names: one list of entry points for the compiler, Jest and dist/ (link-libs.js).
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(__dirname, 'tsconfig.base.json'), 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const base = {
  testEnvironment: 'node',
  transform: {
    // tsconfig.jest.json: CommonJS, so that import() of the ES-module-only packages becomes
    // require(), which Jest can load (the build keeps import(), which Node loads natively).
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
    // ES-module-only packages, transpiled to CommonJS for Jest (scripts/jest-esm-transform.js).
    [`/node_modules/(${ESM_ONLY_PACKAGES.join('|')})/.+\\.js$`]: '<rootDir>/scripts/jest-esm-transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
  moduleNameMapper,
  rootDir: __dirname,
  roots: [
    '<rootDir>/libs',
    '<rootDir>/services',
    '<rootDir>/system-tests',
    '<rootDir>/infra',
    '<rootDir>/scripts',
  ],
  // The web app's own tests run under Vitest (services/portal-web); only its e2e specs are Jest's.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/services/portal-web/src/'],
};

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['**/*.int-spec.ts'], slowTestThreshold: 30 },
    { ...base, displayName: 'e2e', testMatch: ['**/*.e2e-spec.ts'], slowTestThreshold: 120 },
  ],
};
