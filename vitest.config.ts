import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CDK synthesis and the local engine are CPU-bound; two cores here.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
