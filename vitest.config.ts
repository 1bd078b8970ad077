import { defineConfig } from 'vitest/config';

// One test command for the whole monorepo. Workspace packages resolve to their built
// `dist/` (npm test runs `tsc -b` first), so a test exercises what `npm start` runs.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'infra/test/**/*.test.ts',
      'e2e/**/*.test.ts',
      'test-support/**/*.test.ts',
      'bench/src/**/*.test.ts',
      'attack/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
