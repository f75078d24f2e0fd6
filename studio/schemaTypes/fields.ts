// Field factories used by several documents (no schema types here).
import { defineField } from 'sanity';
import { germanSlugify, slugFormat, uniqueSlugPerType } from './validation';

export function slugField(options: {
  source: string;
  name?: string;
  title?: string;
  description?: string;
  required?: boolean;
  group?: string;
}) {
  const required = options.required ?? true;
  return defineField({
    name: options.name ?? 'slug',
    title: options.title ?? 'URL-Kennung',
    type: 'slug',
    ...(options.group ? { group: options.group } : {}),
    description:
      options.description ??
      'Der Teil der Adresse nach dem Schrägstrich, z. B. „reisepass-abholen“. Mit „Generieren“ aus dem Titel erzeugen. Nach der Veröffentlichung nicht mehr ändern – sonst funktionieren alte Links nicht mehr.',
    options: {
      source: options.source,
      maxLength: 96,
      slugify: germanSlugify,
      // Uniqueness is checked by uniqueSlugPerType below, which gives a German message that
      // names the other document; this switches off the duplicate built-in check.
      isUnique: () => true,
    },
    validation: (rule) => [
      ...(required
        ? [rule.required().error('Bitte erzeugen Sie eine URL-Kennung – Klick auf „Generieren“ genügt.')]
        : []),
      rule.custom(slugFormat),
      rule.custom(uniqueSlugPerType),
    ],
  });
}

export function seoField() {
  return defineField({
    name: 'seo',
    title: 'Suchmaschinen (SEO)',
    type: 'seo',
    description: 'Optional: eigener Titel und eigene Beschreibung für Google & Co.',
    group: 'seo',
  });
}
