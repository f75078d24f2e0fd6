import { defineConfig } from 'vitest/config';

// Unit tests are fast and pure; e2e tests drive a real headless Chromium against the built
// site in dist/ (scripts/test.ts builds it first). Browser and server tests share two cores,
// so files run with limited parallelism.
export default defineConfig({
  // The Studio's tsconfig keeps JSX for the Sanity CLI to compile; tests that load the Studio
  // config (and with it its React views) need it compiled here.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
  },
});
