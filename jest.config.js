/** Jest runs TypeScript through SWC (type checking is `npm run lint`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': '<rootDir>/test/swc-transform.cjs' },
  testTimeout: 60000,
  // Examples and extension tests import the package by name, as a user would.
  moduleNameMapper: { '^baytune$': '<rootDir>/src/index.ts', '^baytune/testing$': '<rootDir>/src/testing/index.ts' },
  // Builds dist/ when e2e tests (which spawn `node dist/src/cli/main.js`) are selected and it is stale.
  globalSetup: '<rootDir>/test/global-setup.ts',
};
