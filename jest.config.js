/** Jest runs TypeScript through SWC (type checking is `npm run lint`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': '<rootDir>/test/swc-transform.cjs' },
  testTimeout: 60000,
  // One test file per core, so two at a time on 2 cores (jest's default there is one): most files
  // wait on a browser, a server process, PostgreSQL or a sampler thread, so the suite took 907 s
  // with one worker and 420 s with two on the same machine. Tests assert behaviour at fixed seeds,
  // and the timing tests leave margin for a loaded machine.
  maxWorkers: '100%',
  // Examples and extension tests import the package by name, as a user would.
  moduleNameMapper: { '^baytune$': '<rootDir>/src/index.ts', '^baytune/testing$': '<rootDir>/src/testing/index.ts' },
  // Builds dist/ when e2e tests (which spawn `node dist/src/cli/main.js`) are selected and it is stale.
  globalSetup: '<rootDir>/test/global-setup.ts',
};
