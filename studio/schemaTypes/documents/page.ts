import { defineField, defineType } from 'sanity';
import { reviewFields } from '../review';
import { DocumentTextIcon } from '@sanity/icons/DocumentText';
import { API_VERSION, PAGE_TYPES, titleOf } from '../constants';
import { seoField, slugField, visibleUntilField } from '../fields';
import { publishedIdOf } from '../../../core/sanity/ids';

/** Pages the law requires on the site at all times: they cannot end by "Sichtbar bis". */
const LEGAL_PAGE_TYPES = ['imprint', 'privacy', 'accessibility'] as const;

export const page = defineType({
  name: 'page',
  title: 'Seite',
  type: 'document',
  icon: DocumentTextIcon,
  description:
    'Feste Seiten wie Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache, Über den KSP und Anfahrt.',
  groups: [
    { name: 'content', title: 'Inhalt', default: true },
    { name: 'seo', title: 'SEO' },
    { name: 'review', title: 'Prüfung' },
  ],
  fields: [
    defineField({
      name: 'pageType',
      title: 'Seitentyp',
      type: 'string',
      group: 'content',
      description:
        'Welche Pflicht- oder Informationsseite dies ist. Jeden Typ gibt es nur einmal; die Website verlinkt ihn z. B. im Fußbereich.',
      options: { list: PAGE_TYPES.map(({ value, title }) => ({ value, title })) },
      validation: (rule) => [
        rule.required().error('Bitte wählen Sie den Seitentyp aus.'),
        rule.custom<string>(async (pageType, context) => {
          const { document, getClient } = context;
          if (!pageType || !document) return true;
          const otherId = await getClient({ apiVersion: API_VERSION })
            .withConfig({ perspective: 'raw' })
            .fetch<string | null>(
              '*[_type == "page" && pageType == $pageType && !sanity::versionOf($published)][0]._id',
              { pageType, published: publishedIdOf(document._id) },
            );
          return otherId
            ? `Eine Seite vom Typ „${titleOf(PAGE_TYPES, pageType)}“ gibt es schon („${otherId}“). Bitte bearbeiten Sie diese statt eine zweite anzulegen.`
            : true;
        }),
      ],
    }),
    defineField({
      name: 'title',
      title: 'Titel',
      type: 'localeString',
      group: 'content',
      description: 'Überschrift der Seite, z. B. „Erklärung zur Barrierefreiheit“.',
      validation: (rule) => rule.required().error('Bitte geben Sie den Titel der Seite ein.'),
    }),
    slugField({
      source: 'title.de',
      group: 'content',
      title: 'URL-Kennung (Deutsch)',
      description:
        'Deutscher Teil der Adresse, z. B. „impressum“ oder „leichte-sprache“. Nach der Veröffentlichung nicht mehr ändern.',
    }),
    slugField({
      name: 'slugEn',
      source: 'title.en',
      group: 'content',
      required: false,
      title: 'URL-Kennung (Englisch)',
      description:
        'Optional: englischer Teil der Adresse, z. B. „legal-notice“. Leer lassen, dann gilt die deutsche Kennung.',
    }),
    defineField({
      name: 'summary',
      title: 'Kurzbeschreibung',
      type: 'localeText',
      group: 'content',
      description: 'Ein bis zwei Sätze, worum es auf der Seite geht.',
      validation: (rule) => rule.required().error('Bitte schreiben Sie eine Kurzbeschreibung.'),
    }),
    defineField({
      name: 'body',
      title: 'Inhalt',
      type: 'localeBlockContent',
      group: 'content',
      description: 'Der Text der Seite. Bei „Leichte Sprache“: kurze Sätze, ein Gedanke pro Satz.',
      validation: (rule) => rule.required().error('Bitte schreiben Sie den Inhalt der Seite.'),
    }),
    visibleUntilField({
      group: 'content',
      what: 'die Seite',
      // The footer of every page links the legal pages; one that ended would vanish from it.
      mustStay: (document) =>
        typeof document?.pageType === 'string' && (LEGAL_PAGE_TYPES as readonly string[]).includes(document.pageType)
          ? `Eine Seite vom Typ „${titleOf(PAGE_TYPES, document.pageType)}“ muss immer auf der Website erreichbar sein (Pflichtangabe, im Fußbereich jeder Seite verlinkt). Bitte „Sichtbar bis“ leeren.`
          : undefined,
    }),
    seoField(),
    ...reviewFields('review'),
  ],
  preview: {
    select: { title: 'title.de', pageType: 'pageType', slug: 'slug.current' },
    prepare: ({ title, pageType, slug }) => ({
      title: title ?? 'Seite ohne Titel',
      subtitle: [titleOf(PAGE_TYPES, pageType), slug ? `/${slug}` : undefined].filter(Boolean).join(' · '),
      media: DocumentTextIcon,
    }),
  },
  orderings: [{ title: 'Seitentyp', name: 'pageTypeAsc', by: [{ field: 'pageType', direction: 'asc' }] }],
});
