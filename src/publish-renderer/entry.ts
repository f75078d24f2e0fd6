// The renderer's server entry: Astro's App for src/build/fast-publish.ts, which renders pages
// through it one by one. No server, no streaming: each page is one complete body, as in a build.
import { createApp } from 'astro/app/entrypoint';

export const app = createApp({ streaming: false });
