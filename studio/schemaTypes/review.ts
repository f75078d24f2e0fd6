// "Verantwortlich" and "Nächste Prüfung" (issue 27), shared by services, pages and partners. Both
// are editorial only: the site's queries never read them, so they change no page.
import { defineField } from 'sanity';
import { addMonths, berlinDate } from '../../core/review/dates';
import { REVIEW_INTERVAL_MONTHS } from '../../core/review/model';

/** The default next review: a year from today in Kassel. */
export function nextReviewDefault(now = new Date()): string {
  return addMonths(berlinDate(now), REVIEW_INTERVAL_MONTHS);
}

export function reviewFields(group?: string) {
  const inGroup = group ? { group } : {};
  return [
    defineField({
      name: 'reviewOwner',
      title: 'Verantwortlich',
      type: 'reviewOwner',
      ...inGroup,
      description: 'Wer diesen Inhalt regelmäßig prüft. Nur für die Redaktion, erscheint nicht auf der Website.',
      validation: (rule) =>
        rule.custom((owner: { email?: string } | undefined) =>
          owner?.email?.trim() ? true : 'Bitte tragen Sie ein, wer für diesen Inhalt verantwortlich ist – sonst erinnert niemand an die Prüfung.',
        ).warning(),
    }),
    defineField({
      name: 'nextReview',
      title: 'Nächste Prüfung',
      type: 'date',
      ...inGroup,
      description: `Bis wann der Inhalt wieder geprüft werden soll. Beim Veröffentlichen ohne Datum wird es auf heute in ${REVIEW_INTERVAL_MONTHS} Monaten gesetzt; nach einer Prüfung „Geprüft – weiter in ${REVIEW_INTERVAL_MONTHS} Monaten“ wählen. Nur für die Redaktion.`,
      options: { dateFormat: 'DD.MM.YYYY' },
      initialValue: () => nextReviewDefault(),
    }),
  ];
}
