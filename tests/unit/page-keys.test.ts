// Cache keys of incremental builds (src/lib/page-keys.ts): a digest of everything a page is
// given, so two pages get the same key exactly when they are given the same values.
import { describe, expect, it } from 'vitest';
import { buildNow } from '../../src/lib/build-date.ts';
import { digest, withCacheKeys } from '../../src/lib/page-keys.ts';
import { currentScope, runInScope } from '../../src/lib/content/scope.ts';

describe('digest', () => {
  it('is the same for equal values and differs for any changed leaf', () => {
    const value = () => ({ service: { title: { de: 'Reisepass', en: 'Passport' }, provider: { _id: 'partner-stadt-kassel', name: 'Stadt Kassel' } }, list: [1, 2, 3] });
    expect(digest(value())).toBe(digest(value()));
    const renamed = value();
    renamed.service.provider.name = 'Stadt Kassel (neu)';
    expect(digest(renamed)).not.toBe(digest(value()));
    const reordered = value();
    reordered.list = [3, 2, 1];
    expect(digest(reordered)).not.toBe(digest(value()));
    expect(digest({ a: undefined })).not.toBe(digest({ a: null }));
    expect(digest({ a: '1' })).not.toBe(digest({ a: 1 }));
  });

  it('tells apart values whose parts are written inline from those written by their hash', () => {
    const long = (leaf: string) => ({ body: [{ children: [{ text: 'x'.repeat(300) }, { text: leaf }] }] });
    expect(digest(long('a'))).toBe(digest(long('a')));
    expect(digest(long('a'))).not.toBe(digest(long('b')));
    expect(digest([['a', 'b']])).not.toBe(digest(['a', 'b']));
    expect(digest(['a', 'b'])).not.toBe(digest(['a,b']));
    expect(digest({ a: [1] })).not.toBe(digest({ a: new Set([1]) }));
    expect(digest(new Set([new Set([1, 2])]))).not.toBe(digest(new Set([1, 2])));
  });

  it('reads Sets (in any order), Maps and Dates by their values', () => {
    expect(digest(new Set(['a', 'b']))).toBe(digest(new Set(['b', 'a'])));
    expect(digest(new Set(['a', 'b']))).not.toBe(digest(new Set(['a', 'c'])));
    // JSON would write all three as {}: their values count here.
    expect(digest(new Set(['a']))).not.toBe(digest(new Set()));
    expect(digest(new Map([['k', 1]]))).not.toBe(digest(new Map([['k', 2]])));
    expect(digest(new Date('2026-12-01T10:00:00Z'))).not.toBe(digest(new Date('2026-12-01T10:00:01Z')));
  });
});

describe('withCacheKeys', () => {
  const entry = (title: string, extra: Record<string, unknown> = {}) => ({ params: { slug: 'x' }, props: { item: { title }, ...extra } });

  it('keys a page by its props and the site around it', async () => {
    const [a, b, c] = await withCacheKeys([entry('Eins'), entry('Eins'), entry('Zwei')]);
    expect(a!.cacheKey).toMatch(/^[\w-]{20,}$/);
    expect(a!.cacheKey).toBe(b!.cacheKey);
    expect(a!.cacheKey).not.toBe(c!.cacheKey);
    expect(a!.props).toEqual({ item: { title: 'Eins' } });
  });

  it('keys a page that shows the build instant to it, unless the page says what it derives from it', async () => {
    const now = buildNow();
    const [plain] = await withCacheKeys([entry('Eins', { now })]);
    const [later] = await withCacheKeys([entry('Eins', { now: new Date(now.getTime() + 1) })]);
    expect(plain!.cacheKey).not.toBe(later!.cacheKey);

    const phase = (props: { item: { title: string } }, at: Date) => (props.item.title === 'Eins' ? 'running' : at.toISOString());
    const [clocked] = await withCacheKeys([entry('Eins', { now })], phase);
    const [same] = await withCacheKeys([entry('Eins')], phase);
    expect(clocked!.cacheKey).toBe(same!.cacheKey);
    const [otherPhase] = await withCacheKeys([entry('Eins', { now })], () => 'past');
    expect(otherPhase!.cacheKey).not.toBe(clocked!.cacheKey);
  });

  it('keys every page to whether the alert banner shows at this minute, so a build when it ends renders them again', async () => {
    // The embedded alert shows until 31 December 2026, 14:00 in Kassel (13:00 UTC).
    const keyAt = (iso: string) => runInScope({ source: currentScope().source, now: new Date(iso) }, async () => (await withCacheKeys([entry('Eins')]))[0]!.cacheKey);
    const noon = await keyAt('2026-12-31T11:00:00Z');
    expect(await keyAt('2026-12-31T12:59:00Z')).toBe(noon);
    expect(await keyAt('2026-12-31T13:00:00Z')).not.toBe(noon);
  });
});
