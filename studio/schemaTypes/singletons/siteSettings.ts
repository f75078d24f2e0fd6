import { defineArrayMember, defineField, defineType } from 'sanity';
import { CogIcon } from '@sanity/icons/Cog';
import { ALERT_LEVELS } from '../constants';
import { timeOfDayField } from '../fields';

const PHONE_PATTERN = /^\+?[0-9 ()/-]{6,}$/;

export const siteSettings = defineType({
  name: 'siteSettings',
  title: 'Website-Einstellungen',
  type: 'document',
  icon: CogIcon,
  description: 'Einstellungen für die ganze Website. Es gibt genau einen Eintrag.',
  groups: [
    { name: 'general', title: 'Allgemein', default: true },
    { name: 'contact', title: 'Adresse & Kontakt' },
    { name: 'navigation', title: 'Navigation' },
    { name: 'alert', title: 'Hinweisbanner' },
    { name: 'search', title: 'Suche' },
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Name der Website',
      type: 'string',
      group: 'general',
      description: 'Erscheint im Browser-Tab und in Suchmaschinen, z. B. „Kassel Service Point“.',
      validation: (rule) => rule.required().error('Bitte geben Sie den Namen der Website ein.'),
    }),
    defineField({
      name: 'tagline',
      title: 'Untertitel',
      type: 'localeText',
      group: 'general',
      description: 'Ein Satz, der den KSP beschreibt; steht auf der Startseite unter dem Namen.',
      validation: (rule) => rule.required().error('Bitte geben Sie einen Untertitel ein.'),
    }),
    defineField({
      name: 'address',
      title: 'Adresse',
      type: 'object',
      group: 'contact',
      description: 'Die Besucheradresse des KSP, wie sie im Fußbereich und auf der Anfahrtsseite steht.',
      validation: (rule) => rule.required().error('Bitte geben Sie die Adresse ein.'),
      fields: [
        defineField({
          name: 'building',
          title: 'Gebäude',
          type: 'string',
          description: 'Name des Gebäudes, z. B. „GALERIA Kassel“.',
          validation: (rule) => rule.required().error('Bitte geben Sie das Gebäude an.'),
        }),
        defineField({
          name: 'floor',
          title: 'Etage',
          type: 'localeString',
          description: 'Wo im Gebäude, z. B. „1. Etage“.',
          validation: (rule) => rule.required().error('Bitte geben Sie die Etage an.'),
        }),
        defineField({
          name: 'street',
          title: 'Straße und Hausnummer',
          type: 'string',
          description: 'Z. B. „Königsplatz 1“ (Platzhalter bitte durch die echte Adresse ersetzen).',
          validation: (rule) => rule.required().error('Bitte geben Sie Straße und Hausnummer ein.'),
        }),
        defineField({
          name: 'postalCode',
          title: 'Postleitzahl',
          type: 'string',
          description: 'Fünfstellige Postleitzahl, z. B. „34117“.',
          validation: (rule) => [
            rule.required().error('Bitte geben Sie die Postleitzahl ein.'),
            rule
              .regex(/^\d{5}$/)
              .error('Die Postleitzahl hat fünf Ziffern, z. B. „34117“. Bitte korrigieren.'),
          ],
        }),
        defineField({
          name: 'city',
          title: 'Ort',
          type: 'string',
          description: 'Z. B. „Kassel“.',
          validation: (rule) => rule.required().error('Bitte geben Sie den Ort ein.'),
        }),
      ],
    }),
    defineField({
      name: 'geo',
      title: 'Kartenposition',
      type: 'object',
      group: 'contact',
      description: 'Koordinaten des Eingangs für Karte und Routenplaner (z. B. aus OpenStreetMap kopieren).',
      options: { columns: 2 },
      fields: [
        defineField({
          name: 'lat',
          title: 'Breitengrad',
          type: 'number',
          description: 'Geografische Breite in Dezimalgrad, für Kassel etwa 51,31.',
          validation: (rule) =>
            rule
              .required()
              .min(-90)
              .max(90)
              .error('Bitte geben Sie einen Breitengrad zwischen −90 und 90 ein (Kassel: etwa 51,31).'),
        }),
        defineField({
          name: 'lng',
          title: 'Längengrad',
          type: 'number',
          description: 'Geografische Länge in Dezimalgrad, für Kassel etwa 9,49.',
          validation: (rule) =>
            rule
              .required()
              .min(-180)
              .max(180)
              .error('Bitte geben Sie einen Längengrad zwischen −180 und 180 ein (Kassel: etwa 9,49).'),
        }),
      ],
    }),
    defineField({
      name: 'contact',
      title: 'Kontakt',
      type: 'object',
      group: 'contact',
      description: 'Telefon und E-Mail für allgemeine Fragen an den KSP.',
      validation: (rule) => rule.required().error('Bitte geben Sie die Kontaktdaten ein.'),
      fields: [
        defineField({
          name: 'phone',
          title: 'Telefon',
          type: 'string',
          description: 'Mit Vorwahl, z. B. „+49 561 787-0“.',
          validation: (rule) => [
            rule.required().error('Bitte geben Sie eine Telefonnummer ein.'),
            rule
              .regex(PHONE_PATTERN)
              .error(
                'Bitte nur Ziffern, Leerzeichen, „+“, „/“, „-“ und Klammern verwenden, z. B. „+49 561 787-0“.',
              ),
          ],
        }),
        defineField({
          name: 'email',
          title: 'E-Mail',
          type: 'email',
          description: 'Allgemeine E-Mail-Adresse, z. B. „ksp@kassel.de“.',
          validation: (rule) =>
            rule.required().error('Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. „ksp@kassel.de“.'),
        }),
      ],
    }),
    defineField({
      name: 'directions',
      title: 'Anfahrt (kurz)',
      type: 'localeText',
      group: 'contact',
      description:
        'Kurze Wegbeschreibung mit Bus, Tram und Parken; die ausführliche steht auf der Seite „Anfahrt“.',
      validation: (rule) => rule.required().error('Bitte beschreiben Sie kurz den Weg zum KSP.'),
    }),
    defineField({
      name: 'accessibilityContact',
      title: 'Kontakt Barrierefreiheit',
      type: 'object',
      group: 'contact',
      description:
        'Wohin Menschen Barrieren auf der Website melden (Pflichtangabe der Erklärung zur Barrierefreiheit).',
      validation: (rule) => rule.required().error('Bitte geben Sie den Kontakt für Barrierefreiheit an.'),
      fields: [
        defineField({
          name: 'email',
          title: 'E-Mail',
          type: 'email',
          description: 'E-Mail-Adresse für Meldungen zu Barrieren.',
          validation: (rule) => rule.required().error('Bitte geben Sie eine gültige E-Mail-Adresse ein.'),
        }),
        defineField({
          name: 'phone',
          title: 'Telefon',
          type: 'string',
          description: 'Telefonnummer für Meldungen zu Barrieren, mit Vorwahl.',
          validation: (rule) =>
            rule
              .regex(PHONE_PATTERN)
              .error('Bitte nur Ziffern, Leerzeichen, „+“, „/“, „-“ und Klammern verwenden.'),
        }),
      ],
    }),
    defineField({
      name: 'navigation',
      title: 'Hauptnavigation',
      type: 'array',
      group: 'navigation',
      description:
        'Die Menüpunkte im Kopf der Website, in dieser Reihenfolge. Höchstens sieben, damit das Menü übersichtlich bleibt.',
      of: [defineArrayMember({ type: 'link' })],
      validation: (rule) => [
        rule.required().min(1).error('Bitte legen Sie mindestens einen Menüpunkt an.'),
        rule
          .max(7)
          .warning(
            'Mehr als sieben Menüpunkte sind schwer zu überblicken. Bitte fassen Sie Punkte zusammen.',
          ),
      ],
    }),
    defineField({
      name: 'alert',
      title: 'Hinweisbanner',
      type: 'object',
      group: 'alert',
      description:
        'Ein Banner oben auf jeder Seite für dringende Hinweise, z. B. „Heute wegen Störung geschlossen“.',
      fields: [
        defineField({
          name: 'enabled',
          title: 'Banner anzeigen',
          type: 'boolean',
          description: 'Einschalten, um das Banner zu zeigen. Nach Ende des Anlasses wieder ausschalten.',
          initialValue: false,
        }),
        defineField({
          name: 'level',
          title: 'Dringlichkeit',
          type: 'string',
          description: '„Hinweis“ für Informationen, „Warnung“ für Schließungen und Störungen.',
          options: { list: ALERT_LEVELS.map(({ value, title }) => ({ value, title })), layout: 'radio' },
          initialValue: 'info',
          validation: (rule) =>
            rule.custom((level, context) =>
              (context.parent as { enabled?: boolean } | undefined)?.enabled && !level
                ? 'Bitte wählen Sie die Dringlichkeit des Banners.'
                : true,
            ),
        }),
        defineField({
          name: 'message',
          title: 'Text',
          type: 'localeString',
          description:
            'Ein kurzer Satz, z. B. „Heute, 12. März, wegen einer Betriebsversammlung geschlossen.“',
          validation: (rule) =>
            rule.custom((message, context) =>
              (context.parent as { enabled?: boolean } | undefined)?.enabled && !message
                ? 'Das Banner ist eingeschaltet, hat aber keinen Text. Bitte Text eingeben oder das Banner ausschalten.'
                : true,
            ),
        }),
        defineField({
          name: 'validFrom',
          title: 'Anzeigen ab',
          type: 'date',
          description:
            'Optional: ab diesem Tag erscheint das Banner von selbst (z. B. 20.12.). Leer: sofort nach dem Veröffentlichen.',
          options: { dateFormat: 'DD.MM.YYYY' },
        }),
        timeOfDayField('validFromTime', 'Anzeigen ab (Uhrzeit)', 'Optional: Uhrzeit zu „Anzeigen ab“, z. B. 08:00. Leer: ab 0:00 Uhr.', 'validFrom'),
        defineField({
          name: 'validUntil',
          title: 'Anzeigen bis',
          type: 'date',
          description:
            'Optional: das Banner verschwindet von selbst, mit Uhrzeit genau zu dieser Minute, ohne Uhrzeit am Ende dieses Tages. Die Website wird dann automatisch neu gebaut.',
          options: { dateFormat: 'DD.MM.YYYY' },
          validation: (rule) =>
            rule.custom((until, context) => {
              const from = (context.parent as { validFrom?: string } | undefined)?.validFrom;
              return typeof until === 'string' && from && until < from
                ? '„Anzeigen bis“ liegt vor „Anzeigen ab“. Bitte die Daten tauschen oder korrigieren.'
                : true;
            }),
        }),
        timeOfDayField('validUntilTime', 'Anzeigen bis (Uhrzeit)', 'Optional: Uhrzeit zu „Anzeigen bis“ in deutscher Zeit, z. B. 18:00 – dann ist das Banner ab 18:00 Uhr nicht mehr zu sehen. Leer: bis zum Ende des Tages.', 'validUntil'),
      ],
    }),
    defineField({
      name: 'defaultSeoImage',
      title: 'Standard-Vorschaubild',
      type: 'imageWithAlt',
      group: 'general',
      description:
        'Bild, das beim Teilen in sozialen Netzwerken erscheint, wenn eine Seite kein eigenes hat (ideal 1200 × 630 Pixel).',
    }),
    defineField({
      name: 'searchSynonyms',
      title: 'Synonyme für die Suche',
      type: 'array',
      group: 'search',
      description:
        'Gilt für die ganze Website-Suche: Wer eines der Synonyme eingibt, findet auch Seiten mit dem Begriff (z. B. „Perso“ → „Personalausweis“). Begriffe, die nur eine Dienstleistung betreffen, besser dort unter „Suchbegriffe“ eintragen.',
      of: [defineArrayMember({ type: 'synonymGroup' })],
      validation: (rule) =>
        rule.custom<Array<{ term?: string }>>((groups) => {
          const terms = (groups ?? []).map((g) => g.term?.trim().toLowerCase()).filter(Boolean) as string[];
          const doubled = [...new Set(terms.filter((t, i) => terms.indexOf(t) !== i))];
          return doubled.length === 0
            ? true
            : `Der Begriff „${doubled.join('“, „')}“ hat mehrere Synonymgruppen. Bitte fassen Sie sie zu einer Gruppe zusammen.`;
        }),
    }),
  ],
  preview: {
    select: { title: 'title' },
    prepare: ({ title }) => ({
      title: title ?? 'Website-Einstellungen',
      subtitle: 'Einstellungen',
      media: CogIcon,
    }),
  },
});
