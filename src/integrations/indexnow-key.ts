// The IndexNow key file: with INDEXNOW_KEY set, the site serves the key at /<key>.txt, which is
// how an IndexNow endpoint checks that the notices of changed addresses (core/publish/indexnow.ts)
// come from the owner of the host. Written by every build, so it is in each release of the
// publish server and in each Netlify deploy; never in the drafts preview (its own integrations).
import type { AstroIntegration } from 'astro';
import { writeFile } from 'node:fs/promises';

export default function indexNowKey(key: string | undefined): AstroIntegration {
  return {
    name: 'ksp-indexnow-key',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        if (key) await writeFile(new URL(`${key}.txt`, dir), key);
      },
    },
  };
}
