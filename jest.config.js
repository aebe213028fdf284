// Jest runs TypeScript through ts-jest in ESM mode (the action and its dependencies are ESM).
// Unit tests never need a cluster; e2e tests run the bundled dist/ against the local control plane.
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }
    ]
  }
}

export default {
  verbose: false,
  // The judge gives every verdict: its table tests must reach (nearly) every line of it. Checked when
  // the unit tests run with --coverage, as `npm run test:unit` does.
  coverageReporters: ['text-summary'],
  collectCoverageFrom: [
    'src/rollout/{judge,departure,selector,pod-problems,revision,snapshot,grace-clock,label-selector}.ts',
    'src/rollout/rules/*.ts'
  ],
  coverageThreshold: { global: { lines: 90 } },
  // e2e tests wait on real rollouts; unit tests finish in milliseconds either way.
  testTimeout: 180000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/e2e/']
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/__tests__/e2e/support/global-setup.ts',
      globalTeardown: '<rootDir>/__tests__/e2e/support/global-teardown.ts'
    }
  ]
}
