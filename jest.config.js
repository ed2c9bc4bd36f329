// One Jest run, three kinds of test: unit tests beside the code, integration tests against the
// machine's real PostgreSQL, NATS and Redis, and end-to-end tests that start the built services.
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: { '^@deelwijs/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
  rootDir: __dirname,
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/infra', '<rootDir>/scripts'],
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
