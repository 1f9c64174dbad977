/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Schema compilation and browser start-up are slow on a 2-core CI machine; these are limits, not timing assertions.
  testTimeout: 120000,
};
