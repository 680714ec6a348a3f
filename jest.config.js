// One jest run for every suite: unit specs live beside the code (libs/**, apps/**),
// integration, end-to-end and fault suites under test/. All run against the real
// PostgreSQL and Redis; each test file isolates itself in its own database and queue prefix.
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = `<rootDir>/${target}`;
  moduleNameMapper[`^${alias}/(.*)$`] = `<rootDir>/${target}/$1`;
}

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper,
  testTimeout: 60000,
  // One test file at a time: many files start an api, workers, Redis servers or Chromium of their
  // own, and side by side on two cores they starved each other past the product's 5 s read-your-
  // writes wait and the gap-safe readers' server-wide horizon (a slow file holds back the others).
  maxWorkers: 1,
};
