import { defineArrayMember, defineField, defineType } from 'sanity';
import { BellIcon } from '@sanity/icons/Bell';
import { CloseCircleIcon } from '@sanity/icons/CloseCircle';
import { SPECIAL_DAY_KINDS, titleOf } from '../constants';
import { hessianHolidayOn } from '../holidays';
import { dateInSaneRange, germanDate, noOverlappingIntervals } from '../validation';

interface SpecialDayValue {
  date?: string;
  kind?: string;
  intervals?: Array<{ opens?: string; closes?: string }>;
}

export const specialDay = defineType({
  name: 'specialDay',
  title: 'Sondertag',
  type: 'object',
  icon: BellIcon,
  description:
    'Ein einzelner Tag mit anderen Zeiten als sonst: Schließung, verkürzte oder verlängerte Öffnung. Hessische Feiertage kennt die Website selbst; ein Eintrag hier überschreibt den Feiertag (z. B. Öffnung zu einer Veranstaltung).',
  fields: [
    defineField({
      name: 'date',
      title: 'Datum',
      type: 'date',
      description: 'Der Kalendertag, für den die Ausnahme gilt.',
      options: { dateFormat: 'DD.MM.YYYY' },
      validation: (rule) => [
        rule.required().error('Bitte wählen Sie das Datum des Sondertags aus.'),
        rule.custom<string>(dateInSaneRange),
        // Not a problem, a hint: holidays are closed automatically, so an entry here is an override.
        rule
          .custom<string>((date, context) => {
            const holiday = date ? hessianHolidayOn(date) : undefined;
            if (!date || !holiday) return true;
            const german = germanDate(date);
            return (context.parent as SpecialDayValue | undefined)?.kind === 'closed'
              ? `Der ${german} ist in Hessen ein Feiertag (${holiday}); die Website zeigt ihn ohnehin als geschlossen. Diesen Eintrag brauchen Sie nur für einen eigenen Hinweis.`
              : `Der ${german} ist in Hessen ein Feiertag (${holiday}). Dieser Sondertag überschreibt ihn: Die Website zeigt die hier eingetragenen Zeiten.`;
          })
          .info(),
      ],
    }),
    defineField({
      name: 'kind',
      title: 'Art der Ausnahme',
      type: 'string',
      description:
        '„Geschlossen“ für den ganzen Tag, sonst „Abweichende Öffnungszeiten“ mit eigenen Zeiträumen.',
      options: { list: SPECIAL_DAY_KINDS.map(({ value, title }) => ({ value, title })), layout: 'radio' },
      initialValue: 'closed',
      validation: (rule) =>
        rule.required().error('Bitte wählen Sie, ob geschlossen ist oder andere Zeiten gelten.'),
    }),
    defineField({
      name: 'intervals',
      title: 'Zeiträume an diesem Tag',
      type: 'array',
      description: 'Nur bei abweichenden Öffnungszeiten: die Zeiträume, die an diesem Tag gelten.',
      of: [defineArrayMember({ type: 'timeInterval' })],
      hidden: ({ parent }) => (parent as SpecialDayValue | undefined)?.kind !== 'hours',
      validation: (rule) => rule.custom<Array<{ opens?: string; closes?: string }>>(noOverlappingIntervals),
    }),
    defineField({
      name: 'note',
      title: 'Hinweis für Besucher',
      type: 'localeString',
      description:
        'Kurze Erklärung, die auf der Website neben den Zeiten steht, z. B. „Heiligabend – verkürzte Öffnung“ oder „Betriebsversammlung“.',
      validation: (rule) =>
        rule
          .required()
          .error(
            'Bitte schreiben Sie einen kurzen Hinweis, warum die Zeiten abweichen – Besucher sehen ihn.',
          ),
    }),
  ],
  validation: (rule) =>
    rule.custom((value: SpecialDayValue | undefined) => {
      if (!value) return true;
      const count = value.intervals?.length ?? 0;
      if (value.kind === 'hours' && count === 0)
        return 'Für „Abweichende Öffnungszeiten“ fehlt mindestens ein Zeitraum. Bitte Zeiten eintragen oder die Art auf „Geschlossen“ ändern.';
      if (value.kind === 'closed' && count > 0)
        return 'Der Tag ist als „Geschlossen“ markiert, hat aber Zeiträume. Bitte die Zeiträume löschen oder die Art auf „Abweichende Öffnungszeiten“ ändern.';
      return true;
    }),
  preview: {
    select: { date: 'date', kind: 'kind', note: 'note.de', intervals: 'intervals' },
    prepare: ({ date, kind, note, intervals }) => {
      const list = (intervals ?? []) as Array<{ opens?: string; closes?: string }>;
      const german = date ? germanDate(date) : 'Datum fehlt';
      const hours =
        kind === 'hours'
          ? list.map((i) => `${i.opens}–${i.closes}`).join(', ')
          : titleOf(SPECIAL_DAY_KINDS, kind);
      return {
        title: `${german} · ${hours ?? ''}`,
        subtitle: note,
        media: kind === 'closed' ? CloseCircleIcon : BellIcon,
      };
    },
  },
});
