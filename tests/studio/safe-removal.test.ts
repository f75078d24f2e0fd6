// The texts of the safe unpublish and delete (studio/actions/referrers.ts) with the Studio's own
// schema: where a reference sits, the headline that counts the referring documents by type, and
// what the site does. The dialog itself: tests/studio-browser/safe-removal.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Labels } from '../../core/content/problem.ts';
import { consequences, referencePaths, referrersHeadline, sortReferrers, toReferrer, type Referrer } from '../../studio/actions/referrers.ts';
import { schemaLabels } from '../../studio/publishing/labels.ts';
import { loadStudioSchema } from './studio-validation.ts';

let labels: Labels;

beforeAll(async () => {
  labels = schemaLabels((await loadStudioSchema()) as never);
});

const service = (id: string) => ({
  _id: id,
  _type: 'service',
  title: { de: `Dienst ${id}` },
  provider: { _type: 'reference', _ref: 'partner-x' },
  relatedServices: [{ _type: 'reference', _ref: 'service-y', _key: 'a' }],
});

describe('where a document is referenced', () => {
  it('finds every field path of a reference, and only of that document', () => {
    expect(referencePaths(service('s1'), 'partner-x')).toEqual(['provider']);
    expect(referencePaths(service('s1'), 'service-y')).toEqual(['relatedServices.0']);
    expect(referencePaths({ _id: 'p', _type: 'pressItem', relatedPartners: [{ _ref: 'other' }, { _ref: 'partner-x' }] }, 'partner-x')).toEqual(['relatedPartners.1']);
  });

  it('names the fields as the form does', () => {
    expect(toReferrer(service('s1'), 'partner-x', labels)).toEqual({ _id: 's1', _type: 'service', title: 'Dienst s1', fields: ['Anbieter'] });
  });
});

describe('the headline', () => {
  const ref = (id: string, type: string): Referrer => ({ _id: id, _type: type, title: id, fields: [] });

  it('counts by type with German plurals and the right article', () => {
    expect(referrersHeadline([ref('a', 'service'), ref('b', 'service'), ref('c', 'service')], 3, 'partner', labels)).toBe('3 Dienstleistungen verweisen auf diesen Partner:');
    expect(referrersHeadline([ref('a', 'service')], 1, 'partner', labels)).toBe('1 Dienstleistung verweist auf diesen Partner:');
    expect(referrersHeadline([ref('a', 'service'), ref('b', 'service'), ref('c', 'pressItem')], 3, 'partner', labels)).toBe(
      '2 Dienstleistungen und 1 Pressemitteilung verweisen auf diesen Partner:',
    );
    expect(referrersHeadline([ref('a', 'pressItem')], 1, 'service', labels)).toBe('1 Pressemitteilung verweist auf diese Dienstleistung:');
  });

  it('lists services first, in the registry\'s order of types', () => {
    expect(sortReferrers([ref('Pressemitteilung', 'pressItem'), ref('B', 'service'), ref('A', 'service')]).map((r) => r._id)).toEqual(['A', 'B', 'Pressemitteilung']);
  });

  it('says how many more there are than listed', () => {
    const listed = Array.from({ length: 50 }, (_, i) => ref(`s${i}`, 'service'));
    expect(referrersHeadline(listed, 53, 'partner', labels)).toBe('50 Dienstleistungen und 3 weitere verweisen auf diesen Partner:');
  });
});

describe('what the site does', () => {
  it('says that publishing fails until the references change, and that the site keeps its last state', () => {
    const [first, second] = consequences('unpublish', 'partner', labels);
    expect(first).toContain('Wird dieser Partner zurückgezogen');
    expect(first).toContain('Jede weitere Veröffentlichung schlägt dann fehl („Veröffentlichung fehlgeschlagen“)');
    expect(second).toBe('Bis dahin zeigt die Website den letzten erfolgreichen Stand, also auch diesen Partner weiterhin.');
    expect(consequences('delete', 'service', labels)[0]).toContain('gelöscht');
  });
});
