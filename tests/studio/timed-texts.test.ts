// The German words of the tool "Veröffentlichungen" for content that ends by itself
// (studio/publishing/texts.ts): the next planned update, what became of a document at
// "Sichtbar bis", and a document the site hides but Sanity still has published.
import { describe, expect, it } from 'vitest';
import type { Labels } from '../../core/content/problem.ts';
import { changeReasonText, germanMoment, hiddenText, nextChangeText, triggerText, unpublishText } from '../../studio/publishing/texts.ts';
import { scheduledTrigger } from '../../core/publish/build-trigger.ts';
import { schemaLabels } from '../../studio/publishing/labels.ts';
import { loadStudioSchema } from './studio-validation.ts';

const TYPES: Record<string, string> = { pressItem: 'Pressemitteilung', page: 'Seite', event: 'Veranstaltung' };
const labels: Labels = { type: (type) => TYPES[type], field: () => [] };
const doc = { _id: 'pressItem-w', _type: 'pressItem', title: 'Weihnachten' };

describe('texts for timed changes', () => {
  it('writes the moment in Kassel time with the weekday, in winter and in summer', () => {
    expect(germanMoment('2026-12-31T17:00:00.000Z')).toBe('Do 31.12., 18:00');
    expect(germanMoment('2027-03-28T01:00:00.000Z')).toBe('So 28.03., 03:00');
    expect(germanMoment('2026-10-24T22:30:00.000Z')).toBe('So 25.10., 00:30');
  });

  it('names the next planned update and why', () => {
    expect(nextChangeText({ at: '2026-12-31T17:00:00.000Z', reasons: [{ kind: 'alert-ends' }] }, labels)).toBe('Do 31.12., 18:00 – Hinweisbanner endet');
    expect(changeReasonText({ kind: 'visible-until', document: doc }, labels)).toBe('Pressemitteilung „Weihnachten“ wird ausgeblendet (Sichtbar bis erreicht)');
    expect(changeReasonText({ kind: 'event-ends', document: { _id: 'event-x', _type: 'event', title: 'Themenwoche' } }, labels)).toBe('Veranstaltung „Themenwoche“ ist vorbei und kommt ins Archiv');
    expect(changeReasonText({ kind: 'special-day-passes', date: '2026-12-24' }, labels)).toBe('Sondertag 24.12.2026 ist vorbei');
    expect(changeReasonText({ kind: 'release-due', release: { _id: '_.releases.r1', title: 'Themenwoche' } }, labels)).toBe('Geplante Veröffentlichung „Themenwoche“');
  });

  it('says what became of a document at "Sichtbar bis": withdrawn, or still published and why', async () => {
    const base = { ...doc, visibleUntil: '2026-12-31T17:00:00.000Z' };
    expect(unpublishText({ ...base, result: 'unpublished' }, labels)).toBe('Pressemitteilung „Weihnachten“: Automatisch zurückgezogen am 31.12.2026, 18:00 – Sichtbar bis erreicht.');
    expect(unpublishText({ ...base, result: 'not-configured' }, labels)).toMatch(/^Pressemitteilung „Weihnachten“: seit 31\.12\.2026, 18:00 auf der Website ausgeblendet \(Sichtbar bis erreicht\), im Studio aber noch veröffentlicht – .*SANITY_UNPUBLISH_TOKEN/);
    expect(unpublishText({ ...base, result: 'failed' }, labels)).toContain('konnte aber nicht automatisch zurückgezogen werden');
    expect(hiddenText(base, labels)).toBe('Pressemitteilung „Weihnachten“: seit 31.12.2026, 18:00 auf der Website ausgeblendet (Sichtbar bis erreicht), im Studio aber noch veröffentlicht.');
    const linked = { ...base, linkedFrom: [{ id: 'page-ueber-den-ksp', type: 'page', field: 'body.de.3.markDefs.0.href' }] };
    const schema = schemaLabels((await loadStudioSchema()) as never, new Map([['page-ueber-den-ksp', 'Über den KSP']]));
    expect(hiddenText(linked, schema)).toBe(
      'Pressemitteilung „Weihnachten“: seit 31.12.2026, 18:00 auf der Website ausgeblendet (Sichtbar bis erreicht), im Studio aber noch veröffentlicht. Ein Link darauf wird auf der Website nur noch als Text gezeigt: Seite „Über den KSP“ (Feld „Inhalt › Deutsch › Nr. 4 › Link“). Bitte dort den Link entfernen oder ändern.',
    );
    expect(triggerText({ trigger: scheduledTrigger('2026-12-31T17:00:00.000Z', [{ kind: 'alert-ends' }]) }, labels)).toBe('Geplante Aktualisierung 31.12.2026, 18:00: Hinweisbanner endet');
  });
});
