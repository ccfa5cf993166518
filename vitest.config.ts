import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // CLI tests spawn the built binary and run small pipelines: seconds, not milliseconds.
    testTimeout: 120_000,
    // Vitest's default is one worker on 2 cores; most CLI tests wait on a child process, so a
    // second worker keeps both cores busy (the suite took 973 s with one worker on this machine).
    maxWorkers: 2,
    hookTimeout: 120_000,
  },
});
