// Scheduled unpublish leaves a document published while shown documents still link to it: the
// site hides it and shows those links as text, but once unpublished the build could not tell such
// a link from a mistyped one and would fail (core/publish/unpublish.ts). Against the local lake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeClient } from '../../dev/lake/index.ts';
import { unpublishDue } from '../../core/publish/unpublish.ts';
import { schemaLabels } from '../../studio/publishing/labels.ts';
import { loadStudioSchema } from '../studio/studio-validation.ts';
import { unpublishText } from '../../studio/publishing/texts.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';

const PAST = '2026-12-31T17:00:00.000Z';
const NOW = new Date('2026-12-31T17:05:00.000Z');

const block = (key: string, href: string) => ({
  _type: 'block',
  _key: `b-${key}`,
  style: 'normal',
  markDefs: [{ _key: key, _type: 'link', href }],
  children: [{ _type: 'span', _key: `s-${key}`, text: 'Weg', marks: [key] }],
});

let lake: RecordingLake;

beforeAll(async () => {
  lake = await startRecordingLake({
    token: 'test-token-for-unpublish-linked',
    documents: [
      { _id: 'page-anfahrt', _type: 'page', pageType: 'directions', title: { de: 'Anfahrt' }, slug: { current: 'anfahrt' }, visibleUntil: PAST },
      { _id: 'pressItem-alt', _type: 'pressItem', title: { de: 'Alt' }, slug: { current: 'alt' }, visibleUntil: PAST },
      { _id: 'page-ueber-den-ksp', _type: 'page', pageType: 'about', title: { de: 'Über den KSP' }, slug: { current: 'ueber-den-ksp' }, body: { de: [block('a', '/anfahrt')] } },
      // A link from a document that is itself past its end does not count: it is not on the site.
      { _id: 'pressItem-auch-alt', _type: 'pressItem', title: { de: 'Auch alt' }, slug: { current: 'auch-alt' }, visibleUntil: PAST, body: { de: [block('b', '/presse/alt/')] } },
    ] as never,
  });
});

afterAll(async () => {
  await lake?.close();
});

describe('scheduled unpublish of a document others link to', () => {
  it('leaves it published with the linking documents named, and unpublishes the rest', { timeout: 60_000 }, async () => {
    const client = lakeClient(lake);
    const errors: unknown[] = [];
    const results = await unpublishDue(client, NOW, (_doc, error) => errors.push(error));
    expect(errors).toEqual([]);
    const byId = new Map(results.map((result) => [result._id, result]));
    expect(byId.get('page-anfahrt')).toEqual({
      _id: 'page-anfahrt',
      _type: 'page',
      title: 'Anfahrt',
      visibleUntil: PAST,
      result: 'linked',
      linkedFrom: [{ id: 'page-ueber-den-ksp', type: 'page', field: 'body.de.0.markDefs.0.href' }],
    });
    expect(byId.get('pressItem-alt')?.result).toBe('unpublished');
    expect(byId.get('pressItem-auch-alt')?.result).toBe('unpublished');
    const published = await client.fetch<string[]>('*[_type in ["page", "pressItem"]]._id', {}, { perspective: 'published' });
    expect(published.sort()).toEqual(['page-anfahrt', 'page-ueber-den-ksp']);

    const labels = schemaLabels((await loadStudioSchema()) as never, new Map([['page-ueber-den-ksp', 'Über den KSP']]));
    expect(unpublishText(byId.get('page-anfahrt')!, labels)).toBe(
      'Seite „Anfahrt“: seit 31.12.2026, 18:00 auf der Website ausgeblendet (Sichtbar bis erreicht), aber nicht automatisch zurückgezogen, weil andere Inhalte noch darauf verlinken. Ein Link darauf wird auf der Website nur noch als Text gezeigt: Seite „Über den KSP“ (Feld „Inhalt › Deutsch › Nr. 1 › Link“). Bitte dort den Link entfernen oder ändern. Danach „Veröffentlichung zurückziehen“ im Dokument wählen.',
    );
  });
});
