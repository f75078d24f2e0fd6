import { defineConfig } from 'vitest/config';

// Unit tests are fast and pure; e2e tests drive a real headless Chromium against the built
// site in dist/ (scripts/test.ts builds it first). Browser and server tests share two cores,
// so files run with limited parallelism.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
  },
});
