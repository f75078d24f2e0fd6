// The German words of the publish badge, the banner and the tool "Veröffentlichungen", in one
// place. Pure (no React), so the texts are tested without a browser.
import type { DocumentPublishState } from '../../core/publish/document-state.ts';
import type { StatusBuild } from '../../core/publish/build-status.ts';
import { isIndexNowReport } from '../../core/publish/indexnow-report.ts';
import type { BuildTrigger, ScheduledUnpublish, TriggerDocument } from '../../core/publish/build-trigger.ts';
import type { HiddenDocument } from '../../core/publish/build-manifest.ts';
import type { ChangeReason, NextChange } from '../../core/publish/next-change.ts';
import { germanField, germanProblem, WHOLE_DOCUMENT, type Problem, type Labels } from '../../core/content/problem.ts';

export const TIME_ZONE = 'Europe/Berlin';

/** "12 s", "3 Min.", "2 Std. 5 Min." */
export function germanDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 || minutes >= 10 ? `${minutes} Min.` : `${minutes} Min. ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} Std.` : `${hours} Std. ${minutes % 60} Min.`;
}

/** "heute, 14:05", "gestern, 09:12", "03.12.2026, 09:12" in Kassel's time. */
export function germanTime(iso: string, now: Date): string {
  const date = new Date(iso);
  const day = (d: Date) => d.toLocaleDateString('de-DE', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
  const time = date.toLocaleTimeString('de-DE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
  if (day(date) === day(now)) return `heute, ${time}`;
  if (day(date) === day(new Date(now.getTime() - 86_400_000))) return `gestern, ${time}`;
  return `${day(date)}, ${time}`;
}

const WEEKDAYS_SHORT = ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'];

/** "Mi 31.12., 18:00" in Kassel's time: when the site will next change by itself. */
export function germanMoment(iso: string): string {
  const date = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const weekday = WEEKDAYS_SHORT[new Date(`${date.toLocaleDateString('sv-SE', { timeZone: TIME_ZONE })}T12:00:00Z`).getUTCDay()];
  return `${weekday} ${parts.day}.${parts.month}., ${parts.hour}:${parts.minute}`;
}

/** "31.12.2026, 18:00" in Kassel's time. */
export function germanDateTime(iso: string): string {
  const date = new Date(iso);
  const day = date.toLocaleDateString('de-DE', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
  const time = date.toLocaleTimeString('de-DE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${day}, ${time}`;
}

function named(doc: { _id: string; _type: string; title?: string }, labels: Labels): string {
  return `${labels.type(doc._type) ?? doc._type} „${doc.title ?? labels.document?.(doc._id) ?? doc._id}“`;
}

const germanDay = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

/** Why the site changes at a moment: "Hinweisbanner endet", "Pressemitteilung „…“: Sichtbar bis erreicht". */
export function changeReasonText(reason: ChangeReason, labels: Labels): string {
  switch (reason.kind) {
    case 'alert-starts':
      return 'Hinweisbanner erscheint';
    case 'alert-ends':
      return 'Hinweisbanner endet';
    case 'visible-until':
      return `${named(reason.document, labels)} wird ausgeblendet (Sichtbar bis erreicht)`;
    case 'event-starts':
      return `${named(reason.document, labels)} beginnt`;
    case 'event-ends':
      return `${named(reason.document, labels)} ist vorbei und kommt ins Archiv`;
    case 'special-day-passes':
      return `Sondertag ${germanDay(reason.date)} ist vorbei`;
    case 'hours-period-starts':
      return `Öffnungszeiten „${reason.label ?? germanDay(reason.date)}“ beginnen`;
    case 'hours-period-ends':
      return `Öffnungszeiten „${reason.label ?? germanDay(reason.date)}“ enden`;
    case 'release-due':
      return `Geplante Veröffentlichung „${reason.release.title ?? reason.release._id}“`;
  }
}

/** "Mi 31.12., 18:00 – Hinweisbanner endet" (several reasons joined with "; "). */
export function nextChangeText(change: NextChange, labels: Labels): string {
  const reasons = change.reasons.map((reason) => changeReasonText(reason, labels));
  return `${germanMoment(change.at)} – ${reasons.join('; ') || 'geplante Änderung'}`;
}

/** What became of a document at "Sichtbar bis", for the tool's history. */
export function unpublishText(doc: ScheduledUnpublish, labels: Labels): string {
  const when = germanDateTime(doc.visibleUntil);
  switch (doc.result) {
    case 'unpublished':
      return `${named(doc, labels)}: Automatisch zurückgezogen am ${when} – Sichtbar bis erreicht.`;
    case 'linked':
      return `${named(doc, labels)}: seit ${when} auf der Website ausgeblendet (Sichtbar bis erreicht), aber nicht automatisch zurückgezogen, weil andere Inhalte noch darauf verlinken. ${linkedFromText(doc.linkedFrom ?? [], labels)} Danach „Veröffentlichung zurückziehen“ im Dokument wählen.`;
    case 'not-configured':
      return `${named(doc, labels)}: seit ${when} auf der Website ausgeblendet (Sichtbar bis erreicht), im Studio aber noch veröffentlicht – dem Server fehlt der Schlüssel zum automatischen Zurückziehen (SANITY_UNPUBLISH_TOKEN). Bitte „Veröffentlichung zurückziehen“ im Dokument wählen.`;
    case 'failed':
      return `${named(doc, labels)}: seit ${when} auf der Website ausgeblendet, konnte aber nicht automatisch zurückgezogen werden (Sanity war nicht erreichbar oder hat abgelehnt). Bitte „Veröffentlichung zurückziehen“ im Dokument wählen.`;
  }
}

/** A document the live site hides but Sanity still has published. */
export function hiddenText(doc: HiddenDocument, labels: Labels): string {
  const text = `${named(doc, labels)}: seit ${germanDateTime(doc.visibleUntil)} auf der Website ausgeblendet (Sichtbar bis erreicht), im Studio aber noch veröffentlicht.`;
  return doc.linkedFrom?.length ? `${text} ${linkedFromText(doc.linkedFrom, labels)}` : text;
}

/** Where links to a hidden document sit, and what to do about them. */
function linkedFromText(from: readonly { id: string; type: string; field: string }[], labels: Labels): string {
  const places = from.map((source) => `${named({ _id: source.id, _type: source.type }, labels)} (Feld „${germanField(source.type, source.field, labels)}“)`);
  return `${from.length === 1 ? 'Ein Link darauf wird' : `${from.length} Links darauf werden`} auf der Website nur noch als Text gezeigt: ${places.join('; ')}. Bitte dort den Link entfernen oder ändern.`;
}

export interface BadgeText {
  label: string;
  title: string;
  color: 'success' | 'primary' | 'warning' | 'danger';
}

/** Label, tooltip and colour of the publish badge for a state. */
export function badgeText(state: DocumentPublishState, now: Date, labels: Labels): BadgeText {
  const since = (iso: string) => germanDuration(now.getTime() - Date.parse(iso));
  switch (state.state) {
    case 'live':
      return {
        label: 'Live',
        color: 'success',
        title: `Diese Fassung ist auf der Website zu sehen${state.finishedAt ? ` (Website gebaut ${germanTime(state.finishedAt, now)})` : ''}.`,
      };
    case 'queued':
      return {
        label: `Wird veröffentlicht … (Platz ${state.position} in der Warteschlange)`,
        color: 'primary',
        title: `Die Website wird gerade mit früheren Änderungen gebaut. Danach kommt diese Änderung dran (Platz ${state.position}).`,
      };
    case 'building':
      return { label: `Wird veröffentlicht … (Website wird gebaut, seit ${since(state.since)})`, color: 'primary', title: 'Die Website wird mit dieser Änderung neu gebaut; das dauert meist unter einer Minute.' };
    case 'deploying':
      return { label: 'Wird veröffentlicht … (wird übernommen)', color: 'primary', title: 'Die Website ist gebaut und wird gerade ausgeliefert.' };
    case 'waiting':
      return { label: `Wird veröffentlicht … (seit ${since(state.since)})`, color: 'primary', title: 'Veröffentlicht; die Website wird in Kürze neu gebaut.' };
    case 'failed': {
      const first = state.problems[0] ?? state.otherProblems[0];
      return {
        label: 'Veröffentlichung fehlgeschlagen',
        color: 'danger',
        title: first ? problemSentence(first, labels) : 'Die Website konnte nicht neu gebaut werden; sie zeigt weiter den letzten Stand.',
      };
    }
  }
}

/** One line for a tooltip: "Dienstleistung „…“, Feld „Anbieter“: <problem> <fix>" */
export function problemSentence(problem: Problem, labels: Labels): string {
  const text = germanProblem(problem, labels);
  const where = text.field === WHOLE_DOCUMENT ? text.document : `${text.document}, Feld „${text.field}“`;
  return `${where}: ${text.problem} ${text.fix}`;
}

function documentsText(documents: readonly TriggerDocument[], labels: Labels): string {
  const named = documents.slice(0, 3).map((doc) => `${labels.type(doc._type) ?? doc._type} „${labels.document?.(doc._id) ?? doc._id}“`);
  const more = documents.length > 3 ? ` und ${documents.length - 3} weitere` : '';
  return named.join(', ') + more;
}

/** Why a build ran, for the tool's list. */
export function triggerText(build: { trigger: BuildTrigger }, labels: Labels): string {
  const { kind, documents } = build.trigger;
  switch (kind) {
    case 'scheduled': {
      const { at, reasons } = build.trigger as Extract<BuildTrigger, { kind: 'scheduled' }>;
      return `Geplante Aktualisierung ${germanDateTime(at)}: ${reasons.map((reason) => changeReasonText(reason, labels)).join('; ') || 'Inhalt mit Zeitangabe'}`;
    }
    case 'publish': {
      const deleted = documents.length > 0 && documents.every((doc) => doc.operation === 'delete');
      return `${deleted ? 'Gelöscht' : 'Veröffentlicht'}: ${documentsText(documents, labels)}`;
    }
    case 'rebuild':
      return '„Website neu bauen“ im Studio';
    case 'daily':
      return 'Tägliche Aktualisierung';
    case 'startup':
      return 'Start des Servers';
    case 'retry':
      return 'Neuer Versuch nach einem Fehler';
    case 'other':
      return 'Sonstiger Anlass';
  }
}

export const RESULT_TEXT: Record<StatusBuild['result'], string> = {
  running: 'Läuft',
  success: 'Erfolgreich',
  failed: 'Fehlgeschlagen',
  cancelled: 'Abgebrochen',
};

/**
 * What the tool says about telling search engines of the live release's changed addresses
 * (IndexNow, core/publish/indexnow.ts); undefined when the site does not announce changes.
 */
export function indexNowText(report: unknown): string | undefined {
  if (!isIndexNowReport(report)) return undefined;
  const addresses = (n: number) => (n === 1 ? '1 geänderte Adresse' : `${n.toLocaleString('de-DE')} geänderte Adressen`);
  switch (report.state) {
    case 'sending':
      return report.urls > 0 ? `Suchmaschinen werden über ${addresses(report.urls)} benachrichtigt …` : 'Suchmaschinen werden benachrichtigt …';
    case 'sent':
      return `Suchmaschinen wurden über ${addresses(report.urls)} benachrichtigt.`;
    case 'unchanged':
      return 'Suchmaschinen wurden diesmal nicht benachrichtigt: Der Hauptinhalt keiner Seite hat sich geändert.';
    case 'not-comparable':
      return 'Suchmaschinen wurden diesmal nicht einzeln benachrichtigt, weil ein früherer Stand zum Vergleich fehlt. Sie finden alle Seiten über die Sitemap.';
    case 'local':
      return 'Suchmaschinen wurden nicht benachrichtigt: Diese Website läuft nur auf diesem Rechner.';
    case 'failed':
      return `Suchmaschinen konnten nicht über ${addresses(report.urls)} benachrichtigt werden. Die Website ist trotzdem aktuell; Suchmaschinen finden die Änderungen über die Sitemap.`;
  }
}
