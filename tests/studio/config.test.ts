import { describe, expect, test } from 'vitest';

// Singletons (site settings, opening hours per location) exist once under a fixed id: the
// config offers no template to create them and no action to delete or duplicate them.
describe('Studio config', async () => {
  const config = (await import('../../studio/sanity.config.ts')).default as any;

  test('uses the German locale and the structure tool', () => {
    const names = config.plugins.map((plugin: any) => plugin.name);
    expect(names).toContain('@sanity/locale-de-de');
    expect(names).toContain('sanity/structure');
  });

  test('no "new document" template for singletons', () => {
    const templates = ['service', 'partner', 'siteSettings', 'openingHours'].map((schemaType) => ({
      id: schemaType,
      schemaType,
    }));
    expect(config.schema.templates(templates).map((t: any) => t.schemaType)).toEqual(['service', 'partner']);
    const options = templates.map((t) => ({ templateId: t.id }));
    expect(
      config.document
        .newDocumentOptions(options, { creationContext: { type: 'global' } })
        .map((o: any) => o.templateId),
    ).toEqual(['service', 'partner']);
  });

  test('singletons can be published but not deleted or duplicated', () => {
    const actions = ['publish', 'discardChanges', 'unpublish', 'duplicate', 'delete', 'restore'].map(
      (action) => ({ action }),
    );
    const forSingleton = config.document
      .actions(actions, { schemaType: 'siteSettings' })
      .map((a: any) => a.action);
    expect(forSingleton).toEqual(['publish', 'discardChanges', 'restore']);
    expect(
      config.document.actions(actions, { schemaType: 'openingHours' }).map((a: any) => a.action),
    ).not.toContain('delete');
    expect(config.document.actions(actions, { schemaType: 'service' })).toHaveLength(actions.length);
  });
});

// The one config reaches Sanity or the local Content Lake through the environment only.
describe('Studio API host and sign-in from the environment', async () => {
  const { resolveApiHost, SAME_ORIGIN_API_HOST } = await import('../../studio/env.ts');
  const config = (await import('../../studio/sanity.config.ts')).default as any;

  test('unset: Sanity\u2019s own host; a URL: that host; same-origin: the host serving the Studio', () => {
    expect(resolveApiHost(undefined, 'http://localhost:3333')).toBeUndefined();
    expect(resolveApiHost(' https://api.example.org ', 'http://localhost:3333')).toBe('https://api.example.org');
    expect(resolveApiHost(SAME_ORIGIN_API_HOST, 'http://localhost:3333')).toBe('http://localhost:3333');
    // In the CLI (no window) there is no origin: Sanity's host.
    expect(resolveApiHost(SAME_ORIGIN_API_HOST, undefined)).toBeUndefined();
  });

  test('with a single login provider the Studio goes straight to it', () => {
    expect(config.auth).toMatchObject({ redirectOnSingle: true });
    expect(config).not.toHaveProperty('apiHost');
  });
});

// Releases and scheduled drafts only where they work: the local lake implements them; a Sanity
// project has them only on some plans, so they are off there unless switched on.
describe('Studio releases and scheduled drafts from the environment', async () => {
  const { resolveReleases, SAME_ORIGIN_API_HOST } = await import('../../studio/env.ts');
  const config = (await import('../../studio/sanity.config.ts')).default as any;

  test('unset: on with the local lake, off for a Sanity project; on/off as set', () => {
    expect(resolveReleases(undefined, SAME_ORIGIN_API_HOST)).toBe(true);
    expect(resolveReleases(undefined, undefined)).toBe(false);
    expect(resolveReleases(' ', 'https://api.example.org')).toBe(false);
    expect(resolveReleases('on', undefined)).toBe(true);
    expect(resolveReleases('OFF', SAME_ORIGIN_API_HOST)).toBe(false);
  });

  test('any other value stops the Studio with a sentence naming the variable', () => {
    expect(() => resolveReleases('yes', undefined)).toThrow(/SANITY_STUDIO_RELEASES ist „yes“, erlaubt sind on oder off/);
  });

  test('the config follows the setting; the older Scheduled Publishing plugin is off', () => {
    // This test runs without SANITY_STUDIO_* settings: a Sanity project's defaults.
    expect(config.releases).toEqual({ enabled: false });
    expect(config.scheduledDrafts).toEqual({ enabled: false });
    expect(config.scheduledPublishing).toEqual({ enabled: false });
  });
});
