import { defineField, defineType } from 'sanity';
import { LaunchIcon } from '@sanity/icons/Launch';
import { httpsUrlMessage } from '../validation';

// A need the service point does not handle. It has no page of its own: the site search
// shows it as a box ("Das erledigen Sie nicht im KSP, sondern …") when a search matches its words,
// and the search's "nothing found" help lists all of them.
export const notAtKsp = defineType({
  name: 'notAtKsp',
  title: 'Nicht im KSP',
  type: 'document',
  icon: LaunchIcon,
  description:
    'Ein Anliegen, das Bürgerinnen und Bürger nicht im KSP erledigen können, mit der Stelle, die dafür zuständig ist. Die Website-Suche zeigt es, wenn jemand danach sucht.',
  fields: [
    defineField({
      name: 'title',
      title: 'Anliegen',
      type: 'localeString',
      description: 'Kurz, wie Bürger es nennen würden, z. B. „Führerschein“ oder „Baugenehmigung“. Englisch z. B. „Driving licence“.',
      validation: (rule) => rule.required().error('Bitte geben Sie das Anliegen ein, z. B. „Führerschein“.'),
    }),
    defineField({
      name: 'searchTerms',
      title: 'Suchwörter',
      type: 'localeStringList',
      description:
        'Wörter und kurze Wendungen, die Menschen in die Suche tippen, z. B. „Fahrerlaubnis“, „Führerschein umschreiben“; englisch z. B. „driving licence“, „driver’s license“. Tippfehler und Groß-/Kleinschreibung erkennt die Suche selbst. Keine allgemeinen Wörter wie „Auto“ allein – sonst erscheint der Hinweis bei fremden Suchen.',
      validation: (rule) =>
        rule.custom((value: { de?: string[] } | undefined) =>
          value?.de?.length ? true : 'Bitte mindestens ein deutsches Suchwort eintragen – sonst findet die Suche den Hinweis nur über das Anliegen selbst.',
        ),
    }),
    defineField({
      name: 'instead',
      title: 'Stattdessen zuständig',
      type: 'localeString',
      description:
        'Ergänzt den Satz „Das erledigen Sie nicht im KSP, sondern …“, z. B. „bei der Fahrerlaubnisbehörde der Stadt Kassel“. Englisch ergänzt „This is not done at the KSP but …“, z. B. „by the City of Kassel’s driving licence office“.',
      validation: (rule) =>
        rule.required().error('Bitte geben Sie an, wer stattdessen zuständig ist, z. B. „bei der Fahrerlaubnisbehörde der Stadt Kassel“.'),
    }),
    defineField({
      name: 'note',
      title: 'Hinweis',
      type: 'localeText',
      description: 'Optional: ein bis zwei Sätze, die weiterhelfen, z. B. wer im Landkreis wohnt und wohin er sich wendet.',
    }),
    defineField({
      name: 'link',
      title: 'Link zur zuständigen Stelle',
      type: 'object',
      description: 'Wo es weitergeht: die Seite der zuständigen Stelle.',
      options: { collapsible: false },
      fields: [
        defineField({
          name: 'url',
          title: 'Adresse',
          type: 'url',
          description: 'Beginnend mit „https://“, z. B. https://www.kassel.de/.',
          validation: (rule) => rule.required().uri({ scheme: ['https'] }).error(httpsUrlMessage('den Link zur zuständigen Stelle')),
        }),
        defineField({
          name: 'label',
          title: 'Linktext',
          type: 'localeString',
          description: 'Sagt, wohin der Link führt, z. B. „Website der Stadt Kassel“.',
          validation: (rule) => rule.required().error('Bitte geben Sie den Linktext ein, z. B. „Website der Stadt Kassel“.'),
        }),
      ],
      validation: (rule) => rule.required().error('Bitte geben Sie einen Link zur zuständigen Stelle an.'),
    }),
    defineField({
      name: 'office',
      title: 'Anschrift und Telefon der Stelle',
      type: 'object',
      description:
        'Optional und nur mit geprüften Angaben. Leer gelassen, zeigt die Website stattdessen die Telefonnummer des KSP: Das Team dort weiß, wohin man sich wendet.',
      options: { collapsible: true, collapsed: true },
      fields: [
        defineField({ name: 'name', title: 'Name der Stelle', type: 'localeString', description: 'z. B. „Fahrerlaubnisbehörde der Stadt Kassel“.' }),
        defineField({ name: 'address', title: 'Anschrift', type: 'text', rows: 2, description: 'Straße und Hausnummer, Postleitzahl und Ort.' }),
        defineField({ name: 'phone', title: 'Telefon', type: 'string', description: 'Mit Vorwahl, z. B. „0561 123456“.' }),
      ],
    }),
  ],
  preview: {
    select: { title: 'title.de', instead: 'instead.de' },
    prepare: ({ title, instead }) => ({
      title: title ?? 'Anliegen ohne Titel',
      subtitle: instead ? `sondern ${instead}` : 'Zuständige Stelle fehlt',
      media: LaunchIcon,
    }),
  },
  orderings: [{ title: 'Anliegen A–Z', name: 'titleAsc', by: [{ field: 'title.de', direction: 'asc' }] }],
});
