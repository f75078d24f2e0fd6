// The German words of "Defekte Links" (studio/links/texts.ts) for a report as both runtimes give
// it (the publish server's /status, Netlify's build-status function): the line above the list, the
// rows with document and field, and the badge.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Labels } from '../../core/content/problem.ts';
import type { LinkReport } from '../../core/links.ts';
import { schemaLabels } from '../../studio/publishing/labels.ts';
import { brokenLinkRows, brokenLinksBadge, brokenLinksOf, reportSummary } from '../../studio/links/texts.ts';
import { loadStudioSchema } from './studio-validation.ts';

let labels: Labels;

beforeAll(async () => {
  labels = schemaLabels((await loadStudioSchema()) as never);
});

const now = new Date('2026-12-06T14:00:00Z');
const report: LinkReport = {
  release: '6756f0c1a2b3c4d5e6f70819',
  state: 'done',
  startedAt: '2026-12-06T13:58:00Z',
  finishedAt: '2026-12-06T13:59:00Z',
  total: 12,
  checkedNow: 3,
  broken: [
    {
      url: 'https://formulare.example.org/antrag',
      sources: [{ id: 'page-anfahrt', type: 'page', field: 'body.de.2.markDefs.0.href' }],
      pages: ['/anfahrt/'],
      result: { outcome: 'broken', status: 404, checkedAt: '2026-12-06T13:58:30Z' },
    },
  ],
};

describe('Defekte Links', () => {
  it('says what was checked, and without a report neither blames nor names a platform', () => {
    expect(reportSummary(report, now)).toMatch(/^Zuletzt geprüft: .+\. 12 externe Links, 1 ist defekt\. Jede Adresse wird höchstens einmal am Tag abgefragt/);
    expect(reportSummary({ ...report, state: 'checking', finishedAt: null }, now)).toBe('Die 12 externen Links der Website werden gerade geprüft …');
    const none = reportSummary(undefined, now);
    expect(none).toBe('Für externe Links liegt noch kein Prüfbericht vor. Sie werden nach jeder Veröffentlichung geprüft; erscheint auch danach keiner, ist die Prüfung ausgeschaltet – die technische Betreuung kann sie einschalten.');
    expect(none).not.toMatch(/Netlify/);
  });

  it('lists each broken link with its document and field in German, and badges that document only', () => {
    const rows = brokenLinkRows(report.broken, labels);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ url: 'https://formulare.example.org/antrag', result: 'Seite nicht gefunden (404)', document: { id: 'page-anfahrt', type: 'page' } });
    expect(rows[0]!.document!.field).toMatch(/^Inhalt › Deutsch › Nr\. 3/);
    expect(brokenLinksOf(report, 'page-anfahrt')).toHaveLength(1);
    expect(brokenLinksOf(report, 'page-impressum')).toEqual([]);
    expect(brokenLinksBadge(brokenLinksOf(report, 'page-anfahrt'), 'page-anfahrt', labels)).toMatchObject({ label: 'Defekte Links (1)', color: 'danger' });
  });
});
