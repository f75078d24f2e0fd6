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

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A time of day ("18:00") that belongs to a date field beside it (`dateField`): Sanity has no
 * time-only type, and a separate field keeps existing date-only values valid (core/timed-content.ts).
 */
export function timeOfDayField(name: string, title: string, description: string, dateField: string) {
  return defineField({
    name,
    title,
    type: 'string',
    description,
    placeholder: 'z. B. 18:00',
    validation: (rule) =>
      rule.custom((time, context) => {
        if (time === undefined || time === '') return true;
        if (typeof time !== 'string' || !TIME_OF_DAY.test(time.trim())) {
          return 'Bitte die Uhrzeit als Stunden und Minuten mit Doppelpunkt eingeben, z. B. 18:00 oder 08:30 (von 00:00 bis 23:59).';
        }
        const date = (context.parent as Record<string, unknown> | undefined)?.[dateField];
        return date ? true : 'Eine Uhrzeit gilt nur mit einem Datum. Bitte das Datum daneben ausfüllen oder die Uhrzeit löschen.';
      }),
  });
}

/**
 * "Sichtbar bis" of press items and pages: at this minute the site no longer shows the document
 * and the platform unpublishes it (README "Content that ends by itself").
 */
export function visibleUntilField(options: {
  group?: string;
  what: string;
  /** Why this document may not end by itself (a German sentence), or undefined when it may. */
  mustStay?: (document: Record<string, unknown> | undefined) => string | undefined;
}) {
  return defineField({
    name: 'visibleUntil',
    title: 'Sichtbar bis',
    type: 'datetime',
    ...(options.group ? { group: options.group } : {}),
    description: `Optional: ab diesem Zeitpunkt (deutsche Zeit) ist ${options.what} nicht mehr auf der Website zu sehen und wird automatisch zurückgezogen (nicht gelöscht: im Studio bleibt ${options.what} als Entwurf erhalten). Leer: bleibt sichtbar.`,
    options: { dateFormat: 'DD.MM.YYYY', timeFormat: 'HH:mm', timeStep: 15 },
    validation: (rule) => [
      rule
        .custom((until) =>
          typeof until === 'string' && Date.parse(until) <= Date.now()
            ? `Dieser Zeitpunkt ist schon vorbei: Beim Veröffentlichen ist ${options.what} sofort nicht mehr auf der Website zu sehen und wird zurückgezogen. Zum Wieder-Anzeigen „Sichtbar bis“ leeren oder später setzen.`
            : true,
        )
        .warning(),
      ...(options.mustStay
        ? [
            rule.custom((until, context) => {
              const reason = until ? options.mustStay!(context.document as Record<string, unknown> | undefined) : undefined;
              return reason ?? true;
            }),
          ]
        : []),
    ],
  });
}
