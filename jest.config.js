/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpiled file by file (tsconfig.test.json: isolatedModules), without type-checking each test file again:
  // `npm test` type-checks src/ and test/ once beforehand (the pretest script).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  // Jest's default on a 2-core machine is one worker, i.e. every suite one after the other in Jest's own
  // process; much of a suite's time is spent waiting on a child (CLI runs, Chromium), so two suites at a
  // time keep both cores busy. Suites that run from the repository give their runs a cache folder of their
  // own (the default, .cache/tei-edition under the working folder, would be shared).
  maxWorkers: 2,
  // Schema compilation and browser start-up are slow on a 2-core CI machine; these are limits, not timing assertions.
  testTimeout: 120000,
};
