import { defineArrayMember, defineField, defineType } from 'sanity';
import { reviewFields } from '../review';
import { CaseIcon } from '@sanity/icons/Case';
import { SERVICE_CATEGORIES, titleOf } from '../constants';
import { seoField, slugField } from '../fields';
import { httpsUrlMessage } from '../validation';
import { publishedIdOf } from '../../../core/sanity/ids';

export const service = defineType({
  name: 'service',
  title: 'Dienstleistung',
  type: 'document',
  icon: CaseIcon,
  description: 'Ein Anliegen, das Bürgerinnen und Bürger im KSP erledigen können.',
  groups: [
    { name: 'content', title: 'Inhalt', default: true },
    { name: 'procedure', title: 'Ablauf & Termin' },
    { name: 'search', title: 'Suche & Verknüpfungen' },
    { name: 'seo', title: 'SEO' },
    { name: 'review', title: 'Prüfung' },
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Titel',
      type: 'localeString',
      group: 'content',
      description: 'Was man erledigen kann, aus Sicht der Bürger, z. B. „Reisepass abholen“.',
      validation: (rule) =>
        rule
          .required()
          .error(
            'Bitte geben Sie einen Titel ein – ohne Titel kann die Dienstleistung nicht veröffentlicht werden.',
          ),
    }),
    slugField({ source: 'title.de', group: 'content' }),
    defineField({
      name: 'summary',
      title: 'Kurzbeschreibung',
      type: 'localeText',
      group: 'content',
      description: 'Ein bis zwei Sätze für Übersichten und Suchergebnisse.',
      validation: (rule) =>
        rule.required().error('Bitte schreiben Sie eine Kurzbeschreibung (ein bis zwei Sätze).'),
    }),
    defineField({
      name: 'body',
      title: 'Beschreibung',
      type: 'localeBlockContent',
      group: 'content',
      description: 'Alles Wichtige zum Anliegen: Voraussetzungen, Ablauf, Hinweise.',
      validation: (rule) => rule.required().error('Bitte beschreiben Sie die Dienstleistung ausführlich.'),
    }),
    defineField({
      name: 'provider',
      title: 'Anbieter',
      type: 'reference',
      to: [{ type: 'partner' }],
      group: 'content',
      description:
        'Wer die Leistung erbringt, z. B. das Bürgerbüro oder die Städtischen Werke. Ggf. zuerst unter „Partner“ anlegen.',
      validation: (rule) =>
        rule
          .required()
          .error(
            'Bitte wählen Sie den Anbieter aus – ohne Anbieter kann die Dienstleistung nicht veröffentlicht werden.',
          ),
    }),
    defineField({
      name: 'category',
      title: 'Kategorie',
      type: 'string',
      group: 'content',
      description: 'Themenbereich, nach dem die Website die Dienstleistungen gruppiert.',
      options: { list: SERVICE_CATEGORIES.map(({ value, title }) => ({ value, title })) },
      validation: (rule) => rule.required().error('Bitte wählen Sie eine Kategorie aus.'),
    }),
    defineField({
      name: 'featured',
      title: 'Häufig genutzt',
      type: 'boolean',
      group: 'content',
      description:
        'Einschalten, um die Dienstleistung auf der Startseite unter „Häufig genutzt“ zu zeigen. Höchstens sechs auswählen.',
      initialValue: false,
    }),
    defineField({
      name: 'whatToBring',
      title: 'Bitte mitbringen',
      type: 'localeStringList',
      group: 'procedure',
      description:
        'Unterlagen und Dinge, die Besucher mitbringen müssen, z. B. „Personalausweis“, „Abholschein“.',
    }),
    defineField({
      name: 'fees',
      title: 'Gebühren',
      type: 'localeString',
      group: 'procedure',
      description: 'Was es kostet, z. B. „37,50 € (unter 24 Jahren 22,50 €)“ oder „kostenlos“.',
      validation: (rule) => rule.required().error('Bitte geben Sie die Gebühren an – oder „kostenlos“.'),
    }),
    defineField({
      name: 'appointment',
      title: 'Termin',
      type: 'object',
      group: 'procedure',
      description: 'Ob ein Termin nötig ist und wie man ihn bekommt.',
      options: { collapsible: false },
      fields: [
        defineField({
          name: 'required',
          title: 'Termin erforderlich',
          type: 'boolean',
          description: 'Einschalten, wenn Besucher ohne Termin nicht bedient werden können.',
          initialValue: false,
        }),
        defineField({
          name: 'howToBook',
          title: 'So buchen Sie einen Termin',
          type: 'localeString',
          description:
            'Kurz erklären, wie man einen Termin bekommt – oder „Ohne Termin während der Öffnungszeiten“.',
          validation: (rule) =>
            rule.custom((value, context) =>
              (context.parent as { required?: boolean } | undefined)?.required && !value
                ? 'Ein Termin ist erforderlich – bitte erklären Sie, wie man ihn bucht.'
                : true,
            ),
        }),
        defineField({
          name: 'bookingUrl',
          title: 'Link zur Terminbuchung',
          type: 'url',
          description: 'Optional: Adresse der Online-Terminbuchung, beginnend mit „https://“.',
          validation: (rule) => rule.uri({ scheme: ['https'] }).error(httpsUrlMessage('den Buchungslink')),
        }),
      ],
      validation: (rule) => rule.required().error('Bitte geben Sie an, ob ein Termin nötig ist.'),
    }),
    defineField({
      name: 'processingTime',
      title: 'Bearbeitungsdauer',
      type: 'localeString',
      group: 'procedure',
      description: 'Optional: wie lange es dauert, z. B. „sofort“ oder „etwa 3 Wochen“.',
    }),
    defineField({
      name: 'onlineService',
      title: 'Online-Dienst',
      type: 'object',
      group: 'procedure',
      description: 'Optional: wenn sich das Anliegen auch online erledigen lässt, der Link dorthin.',
      options: { collapsible: true, collapsed: false },
      fields: [
        defineField({
          name: 'url',
          title: 'Adresse',
          type: 'url',
          description: 'Adresse des Online-Dienstes, beginnend mit „https://“.',
          validation: (rule) =>
            rule
              .required()
              .uri({ scheme: ['https'] })
              .error(httpsUrlMessage('die Adresse des Online-Dienstes')),
        }),
        defineField({
          name: 'label',
          title: 'Linktext',
          type: 'localeString',
          description: 'Text des Links, z. B. „Online-Antrag stellen“.',
          validation: (rule) =>
            rule.required().error('Bitte geben Sie den Linktext ein, z. B. „Online-Antrag stellen“.'),
        }),
      ],
    }),
    defineField({
      name: 'relatedServices',
      title: 'Verwandte Dienstleistungen',
      type: 'array',
      group: 'search',
      description:
        'Andere Dienstleistungen, die oft zusammen gebraucht werden. Erscheinen als „Das könnte Sie auch interessieren“.',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'service' }] })],
      validation: (rule) => [
        rule.unique().error('Eine Dienstleistung ist doppelt verknüpft. Bitte entfernen Sie das Duplikat.'),
        rule.custom((refs: Array<{ _ref?: string }> | undefined, context) => {
          const own = context.document && publishedIdOf(context.document._id);
          return refs?.some((r) => r._ref === own)
            ? 'Eine Dienstleistung kann nicht mit sich selbst verwandt sein. Bitte entfernen Sie den Verweis auf sich selbst.'
            : true;
        }),
      ],
    }),
    defineField({
      name: 'searchTerms',
      title: 'Suchbegriffe (Synonyme)',
      type: 'localeStringList',
      group: 'search',
      description:
        'Wörter, die Bürger in die Suche tippen, auch wenn sie nicht im Text stehen, z. B. „Pass“, „Reisepass“, „Ausweis“. Unter „Englisch“ die Wendungen, die Englischsprachige tippen, z. B. „pick up passport“, „passport ready“ – sie wirken auf der englischen Seite. Für Begriffe, die für die ganze Website gelten, die Synonymliste in den Einstellungen nutzen.',
    }),
    defineField({
      name: 'lastReviewed',
      title: 'Zuletzt geprüft am',
      type: 'date',
      group: 'search',
      description:
        'Wann die Angaben zuletzt fachlich geprüft wurden. Wird auf der Seite angezeigt; nach jeder Prüfung aktualisieren.',
      options: { dateFormat: 'DD.MM.YYYY' },
      validation: (rule) => [
        rule.required().error('Bitte tragen Sie ein, wann die Angaben zuletzt geprüft wurden.'),
        rule.custom((date: string | undefined) =>
          date && date > new Date().toISOString().slice(0, 10)
            ? 'Das Prüfdatum liegt in der Zukunft. Bitte tragen Sie das Datum der tatsächlichen Prüfung ein.'
            : true,
        ),
      ],
    }),
    seoField(),
    ...reviewFields('review'),
  ],
  preview: {
    select: { title: 'title.de', category: 'category', provider: 'provider.name', featured: 'featured' },
    prepare: ({ title, category, provider, featured }) => ({
      title: title ?? 'Dienstleistung ohne Titel',
      subtitle: [titleOf(SERVICE_CATEGORIES, category), provider, featured ? '★ häufig genutzt' : undefined]
        .filter(Boolean)
        .join(' · '),
      media: CaseIcon,
    }),
  },
  orderings: [
    { title: 'Titel A–Z', name: 'titleAsc', by: [{ field: 'title.de', direction: 'asc' }] },
    {
      title: 'Zuletzt geprüft (älteste zuerst)',
      name: 'lastReviewedAsc',
      by: [{ field: 'lastReviewed', direction: 'asc' }],
    },
  ],
});
