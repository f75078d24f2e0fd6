import { defineArrayMember, defineField, defineType } from 'sanity';
import { ClockIcon } from '@sanity/icons/Clock';
import { HOLIDAY_REGION, TIME_ZONE } from '../constants';
import { completeWeek, germanDate } from '../validation';

interface PeriodLike {
  label?: { de?: string };
  validFrom?: string;
  validUntil?: string;
}

export const openingHours = defineType({
  name: 'openingHours',
  title: 'Öffnungszeiten',
  type: 'document',
  icon: ClockIcon,
  description:
    'Die Öffnungszeiten eines Standorts. Es gibt genau einen Eintrag pro Standort. Alle Zeiten gelten in Kasseler Ortszeit (Europe/Berlin); hessische Feiertage kennt die Website selbst.',
  groups: [
    { name: 'regular', title: 'Reguläre Woche', default: true },
    { name: 'exceptions', title: 'Ausnahmen' },
    { name: 'settings', title: 'Standort' },
  ],
  fields: [
    defineField({
      name: 'location',
      title: 'Standort',
      type: 'string',
      group: 'settings',
      description: 'Name des Standorts, wie Besucher ihn kennen, z. B. „KSP in der GALERIA Kassel“.',
      validation: (rule) => rule.required().error('Bitte geben Sie den Namen des Standorts ein.'),
    }),
    defineField({
      name: 'timeZone',
      title: 'Zeitzone',
      type: 'string',
      group: 'settings',
      readOnly: true,
      initialValue: TIME_ZONE,
      description:
        'Fest eingestellt: Alle Uhrzeiten sind Kasseler Ortszeit; Sommer- und Winterzeit rechnet die Website selbst um.',
      options: { list: [{ title: 'Europe/Berlin (MEZ/MESZ)', value: TIME_ZONE }] },
      validation: (rule) =>
        rule.custom<string>((value) =>
          value === TIME_ZONE
            ? true
            : `Die Zeitzone muss „${TIME_ZONE}“ sein. Bitte wenden Sie sich an die Technik, wenn hier etwas anderes steht.`,
        ),
    }),
    defineField({
      name: 'holidayRegion',
      title: 'Feiertage',
      type: 'string',
      group: 'settings',
      readOnly: true,
      initialValue: HOLIDAY_REGION,
      description:
        'Fest eingestellt: An gesetzlichen Feiertagen in Hessen ist automatisch geschlossen. Wer an einem Feiertag öffnen will, legt dafür einen Sondertag an.',
      options: { list: [{ title: 'Hessen (DE-HE)', value: HOLIDAY_REGION }] },
      validation: (rule) =>
        rule.custom<string>((value) =>
          value === HOLIDAY_REGION
            ? true
            : `Die Feiertagsregion muss „${HOLIDAY_REGION}“ sein. Bitte wenden Sie sich an die Technik.`,
        ),
    }),
    defineField({
      name: 'week',
      title: 'Reguläre Wochenzeiten',
      type: 'array',
      group: 'regular',
      description:
        'Die normalen Öffnungszeiten von Montag bis Sonntag. Jeder Tag kann mehrere Zeiträume haben; Ruhetage als „Ganztägig geschlossen“ markieren.',
      of: [defineArrayMember({ type: 'dayHours' })],
      validation: (rule) => [
        rule.required().length(7).error('Bitte tragen Sie genau sieben Wochentage ein (Montag bis Sonntag).'),
        rule.custom<Array<{ day?: string }>>(completeWeek),
      ],
    }),
    defineField({
      name: 'periods',
      title: 'Zeiträume mit anderen Öffnungszeiten',
      type: 'array',
      group: 'exceptions',
      description:
        'Für Wochen oder Monate mit anderen Zeiten (z. B. Adventszeit). Innerhalb des Zeitraums ersetzen sie die regulären Wochenzeiten.',
      of: [defineArrayMember({ type: 'hoursPeriod' })],
      validation: (rule) =>
        rule.custom<PeriodLike[]>((periods) => {
          const list = (periods ?? [])
            .filter((p) => p.validFrom && p.validUntil)
            .sort((a, b) => a.validFrom!.localeCompare(b.validFrom!));
          for (let k = 1; k < list.length; k++) {
            if (list[k].validFrom! <= list[k - 1].validUntil!)
              return `Die Zeiträume „${list[k - 1].label?.de ?? '?'}“ und „${list[k].label?.de ?? '?'}“ überschneiden sich. Bitte lassen Sie den zweiten erst nach dem Ende des ersten beginnen.`;
          }
          return true;
        }),
    }),
    defineField({
      name: 'specialDays',
      title: 'Sondertage',
      type: 'array',
      group: 'exceptions',
      description:
        'Einzelne Tage mit Schließung oder anderen Zeiten, jeweils mit Hinweis für Besucher. Ein Sondertag geht allem anderen vor – auch einem Feiertag.',
      of: [defineArrayMember({ type: 'specialDay' })],
      validation: (rule) =>
        rule.custom<Array<{ date?: string }>>((days) => {
          const dates = (days ?? []).map((d) => d.date).filter(Boolean) as string[];
          const doubled = [...new Set(dates.filter((d, i) => dates.indexOf(d) !== i))];
          return doubled.length === 0
            ? true
            : `Für ${doubled.map(germanDate).join(', ')} gibt es mehrere Sondertage. Bitte fassen Sie sie zu einem Eintrag zusammen.`;
        }),
    }),
    defineField({
      name: 'note',
      title: 'Allgemeiner Hinweis',
      type: 'localeText',
      group: 'regular',
      description:
        'Optionaler Hinweis unter den Öffnungszeiten, z. B. „Letzter Einlass 15 Minuten vor Schluss“.',
    }),
  ],
  preview: {
    select: { location: 'location' },
    prepare: ({ location }) => ({
      title: `Öffnungszeiten: ${location ?? 'Standort ohne Namen'}`,
      subtitle: 'Europe/Berlin · Feiertage Hessen',
      media: ClockIcon,
    }),
  },
});
