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
