// Option values shared by schema, structure and tests. The values are the ones the embedded
// dataset and the site use (content/MODEL.md); titles are what editors see.
import { PARTNER_KINDS as SITE_PARTNER_KINDS } from '../../core/partner-kinds';
import { SERVICE_CATEGORIES as SITE_SERVICE_CATEGORIES } from '../../core/service-categories';

export const API_VERSION = '2025-02-19';

export const TIME_ZONE = 'Europe/Berlin';
export const HOLIDAY_REGION = 'DE-HE';

export const WEEKDAYS = [
  { value: 'mon', title: 'Montag' },
  { value: 'tue', title: 'Dienstag' },
  { value: 'wed', title: 'Mittwoch' },
  { value: 'thu', title: 'Donnerstag' },
  { value: 'fri', title: 'Freitag' },
  { value: 'sat', title: 'Samstag' },
  { value: 'sun', title: 'Sonntag' },
] as const;
export type Weekday = (typeof WEEKDAYS)[number]['value'];

// Partner kinds and service topics live with their content types on the site, which reads the
// same lists for its labels and its content contract.
export const SERVICE_CATEGORIES = SITE_SERVICE_CATEGORIES.map(({ value, studioTitle }) => ({ value, title: studioTitle }));
export const PARTNER_KINDS = SITE_PARTNER_KINDS.map(({ value, studioTitle }) => ({ value, title: studioTitle }));

export const PAGE_TYPES = [
  { value: 'about', title: 'Über den KSP' },
  { value: 'directions', title: 'Anfahrt' },
  { value: 'imprint', title: 'Impressum' },
  { value: 'privacy', title: 'Datenschutz' },
  { value: 'accessibility', title: 'Erklärung zur Barrierefreiheit' },
  { value: 'easyLanguage', title: 'Leichte Sprache' },
] as const;

export const SPECIAL_DAY_KINDS = [
  { value: 'closed', title: 'Geschlossen' },
  { value: 'hours', title: 'Abweichende Öffnungszeiten' },
] as const;

export const ALERT_LEVELS = [
  { value: 'info', title: 'Hinweis (blau)' },
  { value: 'warning', title: 'Warnung (gelb)' },
] as const;

export const BLOCK_STYLES = [
  { value: 'normal', title: 'Absatz' },
  { value: 'h2', title: 'Überschrift 2' },
  { value: 'h3', title: 'Überschrift 3' },
  { value: 'blockquote', title: 'Zitat' },
] as const;

/** Document ids of the singletons, by type; the structure pins them and blocks create/delete. */
export const SINGLETONS = {
  siteSettings: { id: 'siteSettings', title: 'Website-Einstellungen' },
  openingHours: [{ id: 'openingHours-ksp', title: 'KSP in der GALERIA Kassel' }],
} as const;

export const SINGLETON_TYPES = new Set<string>(Object.keys(SINGLETONS));

/** The one document "Website neu bauen" writes (schemaTypes/singletons/rebuildRequest.ts). */
export const REBUILD_REQUEST = { type: 'rebuildRequest', id: 'ksp.rebuildRequest' } as const;

/** Types editors never see in lists or "Neues Dokument": written by the Studio's tools only. */
export const HIDDEN_TYPES = new Set<string>([REBUILD_REQUEST.type]);

export function titleOf(
  list: ReadonlyArray<{ value: string; title: string }>,
  value: string | undefined,
): string | undefined {
  return list.find((item) => item.value === value)?.title;
}

// Page feedback from the public site (core/feedback/model.ts holds the same values).
export const FEEDBACK_STATUSES = [
  { value: 'neu', title: 'Neu' },
  { value: 'inBearbeitung', title: 'In Bearbeitung' },
  { value: 'erledigt', title: 'Erledigt' },
] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number]['value'];

export const FEEDBACK_CATEGORIES = [
  { value: 'fehler', title: 'Fehler' },
  { value: 'barriere', title: 'Barriere' },
  { value: 'sonstiges', title: 'Sonstiges' },
  { value: 'suche', title: 'Suche ohne Treffer' },
] as const;

/** Document types whose pages carry the feedback form; their editors see the feedback. */
export const FEEDBACK_TARGET_TYPES = ['service', 'partner', 'event', 'page', 'pressItem', 'openingHours'] as const;
