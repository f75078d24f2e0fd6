// The German words of "Defekte Links" (issue 27, part 4): the badge on a document and the list in
// the tool "Veröffentlichungen". Pure, so tests/studio/broken-links.test.ts reads them without a browser.
import { germanField, type Labels } from '../../core/content/problem.ts';
import { germanLinkResult, type BrokenLink, type LinkReport } from '../../core/links.ts';
import { germanTime } from '../publishing/texts';

/** One row of the list: a broken link at one place (a link used in two fields is two rows). */
export interface BrokenLinkRow {
  url: string;
  /** Undefined: the link is in the site's own code, not in a document. */
  document?: { id: string; type: string; name: string; field: string };
  pages: string[];
  result: string;
  checkedAt: string;
}

export function brokenLinkRows(links: readonly BrokenLink[], labels: Labels): BrokenLinkRow[] {
  return links.flatMap((link) => {
    const base = { url: link.url, pages: link.pages, result: germanLinkResult(link.result), checkedAt: link.result.checkedAt };
    if (link.sources.length === 0) return [base];
    return link.sources.map((source) => ({
      ...base,
      document: {
        id: source.id,
        type: source.type,
        name: `${labels.type(source.type) ?? source.type} „${labels.document?.(source.id) ?? source.id}“`,
        field: germanField(source.type, source.field, labels),
      },
    }));
  });
}

/** The broken links of one document (badge). */
export function brokenLinksOf(report: LinkReport | undefined, id: string): BrokenLink[] {
  return (report?.broken ?? []).filter((link) => link.sources.some((source) => source.id === id));
}

/** The badge: "Defekte Links (2)", its tooltip names field, address and result of each. */
export function brokenLinksBadge(links: readonly BrokenLink[], id: string, labels: Labels): { label: string; title: string; color: 'danger' } | null {
  const rows = brokenLinkRows(links, labels).filter((row) => row.document?.id === id);
  if (rows.length === 0) return null;
  return {
    label: `Defekte Links (${rows.length})`,
    title: `Defekte Links auf der Website – ${rows.map((row) => `Feld „${row.document!.field}“: ${row.url} – ${row.result}`).join('; ')}`,
    color: 'danger',
  };
}

/** The line above the list: when it was checked and what was found. */
export function reportSummary(report: LinkReport | undefined, now: Date): string {
  // Both the city's own server and Netlify check after each publish; no report means it is switched off or has not run yet.
  if (!report) return 'Für externe Links liegt noch kein Prüfbericht vor. Sie werden nach jeder Veröffentlichung geprüft; erscheint auch danach keiner, ist die Prüfung ausgeschaltet – die technische Betreuung kann sie einschalten.';
  if (report.state === 'checking') return `Die ${report.total} externen Links der Website werden gerade geprüft …`;
  if (!report.finishedAt) return 'Die externen Links wurden noch nicht geprüft; das geschieht nach der nächsten Veröffentlichung.';
  const found = report.broken.length === 0 ? 'keiner ist defekt' : report.broken.length === 1 ? '1 ist defekt' : `${report.broken.length} sind defekt`;
  return `Zuletzt geprüft: ${germanTime(report.finishedAt, now)}. ${report.total} externe Links, ${found}. Jede Adresse wird höchstens einmal am Tag abgefragt; interne Links prüft jede Veröffentlichung selbst.`;
}
