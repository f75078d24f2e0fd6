import { defineArrayMember, defineField, defineType } from 'sanity';
import { DocumentsIcon } from '@sanity/icons/Documents';
import { seoField, slugField, visibleUntilField } from '../fields';
import { dateInSaneRange, germanDate } from '../validation';

export const pressItem = defineType({
  name: 'pressItem',
  title: 'Pressemitteilung',
  type: 'document',
  icon: DocumentsIcon,
  description: 'Eine Pressemitteilung oder Nachricht über den KSP.',
  groups: [
    { name: 'content', title: 'Inhalt', default: true },
    { name: 'media', title: 'Bilder & Zitate' },
    { name: 'relations', title: 'Verknüpfungen' },
    { name: 'seo', title: 'SEO' },
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Überschrift',
      type: 'localeString',
      group: 'content',
      description: 'Die Überschrift der Meldung – konkret und ohne Abkürzungen.',
      validation: (rule) => rule.required().error('Bitte geben Sie eine Überschrift ein.'),
    }),
    slugField({ source: 'title.de', group: 'content' }),
    defineField({
      name: 'publishedAt',
      title: 'Veröffentlichungsdatum',
      type: 'date',
      group: 'content',
      description: 'Datum der Meldung; bestimmt die Reihenfolge (neueste zuerst).',
      options: { dateFormat: 'DD.MM.YYYY' },
      validation: (rule) => [
        rule.required().error('Bitte wählen Sie das Veröffentlichungsdatum aus.'),
        rule.custom<string>(dateInSaneRange),
      ],
    }),
    visibleUntilField({ group: 'content', what: 'die Pressemitteilung' }),
    defineField({
      name: 'lead',
      title: 'Vorspann',
      type: 'localeText',
      group: 'content',
      description: 'Der erste, zusammenfassende Absatz: Wer, was, wann, wo? Erscheint auch in der Übersicht.',
      validation: (rule) =>
        rule.required().error('Bitte schreiben Sie einen Vorspann (zwei bis drei Sätze).'),
    }),
    defineField({
      name: 'body',
      title: 'Text',
      type: 'localeBlockContent',
      group: 'content',
      description: 'Der vollständige Text der Meldung.',
      validation: (rule) => rule.required().error('Bitte schreiben Sie den Text der Meldung.'),
    }),
    defineField({
      name: 'images',
      title: 'Bilder',
      type: 'array',
      group: 'media',
      description: 'Fotos zur Meldung; das erste Bild wird als Vorschaubild verwendet.',
      of: [defineArrayMember({ type: 'imageWithAlt' })],
    }),
    defineField({
      name: 'quotes',
      title: 'Zitate',
      type: 'array',
      group: 'media',
      description: 'Wörtliche Zitate beteiligter Personen, wie sie in der Meldung vorkommen.',
      of: [defineArrayMember({ type: 'quote' })],
    }),
    defineField({
      name: 'relatedPartners',
      title: 'Beteiligte Partner',
      type: 'array',
      group: 'relations',
      description: 'Partner, um die es in der Meldung geht; die Meldung erscheint dann auch auf deren Seite.',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'partner' }] })],
      validation: (rule) =>
        rule.unique().error('Ein Partner ist doppelt verknüpft. Bitte entfernen Sie das Duplikat.'),
    }),
    defineField({
      name: 'relatedServices',
      title: 'Betroffene Dienstleistungen',
      type: 'array',
      group: 'relations',
      description: 'Dienstleistungen, auf die die Meldung verweist.',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'service' }] })],
      validation: (rule) =>
        rule.unique().error('Eine Dienstleistung ist doppelt verknüpft. Bitte entfernen Sie das Duplikat.'),
    }),
    seoField(),
  ],
  preview: {
    select: { title: 'title.de', date: 'publishedAt', media: 'images.0' },
    prepare: ({ title, date, media }) => ({
      title: title ?? 'Meldung ohne Überschrift',
      subtitle: date ? `vom ${germanDate(String(date))}` : 'ohne Datum',
      media: media ?? DocumentsIcon,
    }),
  },
  orderings: [
    { title: 'Neueste zuerst', name: 'publishedAtDesc', by: [{ field: 'publishedAt', direction: 'desc' }] },
    { title: 'Älteste zuerst', name: 'publishedAtAsc', by: [{ field: 'publishedAt', direction: 'asc' }] },
  ],
});
