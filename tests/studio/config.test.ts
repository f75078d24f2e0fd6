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
