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
  maxWorkers: 2,
};
