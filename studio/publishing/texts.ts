// The German words of the publish badge, the banner and the tool "Veröffentlichungen", in one
// place. Pure (no React), so the texts are tested without a browser.
import type { DocumentPublishState } from '../../core/publish/document-state.ts';
import type { StatusBuild } from '../../core/publish/build-status.ts';
import { isIndexNowReport } from '../../core/publish/indexnow-report.ts';
import type { TriggerDocument } from '../../core/publish/build-trigger.ts';
import { germanProblem, WHOLE_DOCUMENT, type Problem, type Labels } from '../../core/content/problem.ts';

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
export function triggerText(build: Pick<StatusBuild, 'trigger'>, labels: Labels): string {
  const { kind, documents } = build.trigger;
  switch (kind) {
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
