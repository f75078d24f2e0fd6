// Never from the drafts preview: its build has only its own integration, so neither the IndexNow
// key file nor the manifest's page list (what notices are computed from) is ever part of it, while
// the public build has both.
import { describe, expect, it } from 'vitest';
import type { AstroIntegration } from 'astro';

const names = (integrations: unknown): string[] => (integrations as (AstroIntegration | AstroIntegration[])[]).flat().map((integration) => integration.name);

describe('IndexNow and the drafts preview', () => {
  it('the public build writes the key file and the page list; the preview build neither', async () => {
    const { siteConfig } = await import('../../astro.config.mjs');
    expect(names(siteConfig.integrations)).toEqual(expect.arrayContaining(['ksp-indexnow-key', 'ksp-manifest-pages']));
    const preview = (await import('../../astro.preview.config.mjs')).default as { integrations: unknown };
    expect(names(preview.integrations)).not.toContain('ksp-indexnow-key');
    expect(names(preview.integrations)).not.toContain('ksp-manifest-pages');
  });
});
