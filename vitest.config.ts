import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'cli/**/*.test.ts', 'lib/**/*.test.ts', 'worker/**/*.test.ts', 'workflows/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
