import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // every study the suite runs (in the library, worker threads or the command line) checks its results against schema/results.schema.json
    env: { RADSIG_CHECK_RESULTS: '1' },
  },
});
