import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The tests never touch the real state directory (~/.local/state/ksp, core/state-dir.ts): what a
 * test does not put into a temporary directory of its own (the image cache of the site servers
 * and builds) goes here, kept between runs like the rest of node_modules/.cache.
 */
const TEST_STATE_DIR = path.join(import.meta.dirname, 'node_modules', '.cache', 'ksp-test-state');

// Unit tests are fast and pure; e2e tests drive a real headless Chromium against the built
// site in dist/ (scripts/test.ts builds it first). Browser and server tests share two cores,
// so files run with limited parallelism.
export default defineConfig({
  // The Studio's React components (feedback views, studio/publishing/*.tsx) load in tests through
  // its config; the Studio's tsconfig says `jsx: preserve` (Sanity's bundler compiles JSX), so say how here.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    env: { KSP_STATE_DIR: TEST_STATE_DIR },
  },
});
