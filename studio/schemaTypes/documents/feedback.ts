import { defineField, defineType } from 'sanity';
import { CommentIcon } from '@sanity/icons/Comment';
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, FEEDBACK_TARGET_TYPES, titleOf } from '../constants';

const GERMAN_DATE = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

// Feedback that citizens send from the website (core/feedback/). The website creates these
// documents under ids starting with "feedback.", which Sanity never serves without a token; they
// are never published to the site and never start a build. Editors only set the status, write
// an internal note, and delete the contact once the citizen has an answer.
export const feedback = defineType({
  name: 'feedback',
  title: 'Rückmeldung',
  type: 'document',
  icon: CommentIcon,
  // No drafts: a status change is saved at once, there is nothing to publish.
  liveEdit: true,
  description: 'Eine Rückmeldung von Bürgerinnen und Bürgern zu einer Seite der Website. Sie wird von der Website angelegt.',
  fields: [
    defineField({
      name: 'status',
      title: 'Status',
      type: 'string',
      description: 'Neu: noch nicht angesehen. In Bearbeitung: jemand kümmert sich. Erledigt: beantwortet oder korrigiert.',
      options: { list: FEEDBACK_STATUSES.map(({ value, title }) => ({ value, title })), layout: 'radio', direction: 'horizontal' },
      initialValue: 'neu',
      validation: (rule) => rule.required().error('Bitte wählen Sie einen Status.'),
    }),
    defineField({
      name: 'note',
      title: 'Interne Notiz',
      type: 'text',
      rows: 3,
      description: 'Nur für die Redaktion: was getan wurde oder wer sich kümmert. Erscheint nirgends auf der Website.',
    }),
    defineField({
      name: 'problem',
      title: 'Was ist schiefgelaufen?',
      type: 'text',
      readOnly: true,
      description: 'Text der Person. E-Mail-Adressen, Telefonnummern und IBANs hat die Website vor dem Speichern entfernt.',
    }),
    defineField({
      name: 'task',
      title: 'Was wollte die Person tun?',
      type: 'text',
      readOnly: true,
      description: 'Freiwillige Angabe der Person.',
    }),
    defineField({
      name: 'helpful',
      title: 'Seite hilfreich?',
      type: 'boolean',
      readOnly: true,
      description: 'Antwort auf „War diese Seite hilfreich?“. Leer bei Fehlermeldungen.',
    }),
    defineField({
      name: 'category',
      title: 'Art der Meldung',
      type: 'string',
      readOnly: true,
      options: { list: FEEDBACK_CATEGORIES.map(({ value, title }) => ({ value, title })) },
      description: 'Fehler im Inhalt, Barriere oder Sonstiges. Leer bei der Frage „War diese Seite hilfreich?“.',
    }),
    defineField({
      name: 'contact',
      title: 'Kontakt für die Antwort',
      type: 'string',
      description: 'Nur vorhanden, wenn die Person eine Antwort möchte. Nur dafür verwenden und löschen, sobald das Anliegen erledigt ist.',
    }),
    defineField({
      name: 'page',
      title: 'Seite',
      type: 'string',
      readOnly: true,
      description: 'Adresse der Seite, auf der die Rückmeldung gegeben wurde, z. B. /dienstleistungen/reisepass-abholen/.',
    }),
    defineField({
      name: 'document',
      title: 'Zugehöriger Inhalt',
      type: 'reference',
      to: FEEDBACK_TARGET_TYPES.map((type) => ({ type })),
      weak: true,
      readOnly: true,
      description: 'Der Inhalt, den die Seite zeigt. Dort erscheint die Rückmeldung im Reiter „Rückmeldungen“.',
    }),
    defineField({
      name: 'language',
      title: 'Sprache der Seite',
      type: 'string',
      readOnly: true,
      options: { list: [{ value: 'de', title: 'Deutsch' }, { value: 'en', title: 'Englisch' }] },
    }),
    defineField({
      name: 'createdAt',
      title: 'Eingegangen am',
      type: 'datetime',
      readOnly: true,
    }),
  ],
  preview: {
    select: { problem: 'problem', helpful: 'helpful', category: 'category', status: 'status', page: 'page', createdAt: 'createdAt' },
    prepare: ({ problem, helpful, category, status, page, createdAt }) => {
      const kind = helpful === true ? 'Hilfreich: Ja' : helpful === false ? 'Hilfreich: Nein' : (titleOf(FEEDBACK_CATEGORIES, category) ?? 'Meldung');
      return {
        title: problem ? `${kind}: ${String(problem).slice(0, 80)}` : kind,
        subtitle: [titleOf(FEEDBACK_STATUSES, status), page, createdAt ? GERMAN_DATE.format(new Date(createdAt)) : undefined].filter(Boolean).join(' · '),
        media: CommentIcon,
      };
    },
  },
  orderings: [{ title: 'Neueste zuerst', name: 'createdAtDesc', by: [{ field: 'createdAt', direction: 'desc' }] }],
});
