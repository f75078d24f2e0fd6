// Cache keys for Astro's incremental build (experimental.incrementalBuild, src/build/incremental.ts):
// Astro skips a page from getStaticPaths whose `cacheKey` and module graph are both unchanged and
// copies its earlier output. A key here is a digest of everything a page shows that is not code:
//
// - its props: pages get their content only through props (STYLE "One content layer"), and the
//   loaders resolve references into them, so a service's props hold its partner's name too;
// - the page frame every layout shows (site settings with alert and contact, the CMS pages the
//   footer links), today's date and whether the alert banner shows at this minute;
// - the search context of every page's SearchMeta (the lexicon of the site's own words, synonyms);
// - the build's settings that reach the HTML (site URL, allowed image hosts, content source).
//
// The digest is of the values, not of a hand-made list of document ids, so nothing a page is given
// can be left out. Values are hashed as a Merkle tree with each object's digest remembered, so an
// object shared by thousands of pages (the set of English service ids) is hashed once per build.
import { hash } from 'node:crypto';
import { buildConfig } from './build-config.ts';
import { buildDate, buildNow } from './build-date.ts';
import { getPageFrame } from './content/frame.ts';
import { previewContext, scoped } from './content/scope.ts';
import { getSearchContext } from './content/search-context.ts';
import { isAlertShown } from '../../core/timed-content.ts';

// One-shot hashing: a third of the time of createHash().update().digest() for short texts.
const sha = (text: string) => hash('sha256', text, 'base64url');
const known = new WeakMap<object, string>();

/** Property names as JSON strings, each quoted once per process. */
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) keyTexts.set(key, (text = JSON.stringify(key)));
  return text;
}

/** Up to this length a value's text stands in its parent's text as it is; longer ones by their hash. */
const INLINE_MAX = 200;

/**
 * A value's canonical text: JSON-like, each object, array, Set, Map and Date in brackets of its
 * own kind, so no two values have the same text; a text longer than INLINE_MAX is replaced by
 * `#` and its hash (no other text starts with `#`). Each object's text is remembered, so an object
 * shared by thousands of pages is read once per build; small ones (a span, a slug) cost no hash.
 */
function encode(value: unknown): string {
  if (value === null || typeof value !== 'object') return value === undefined ? 'u' : String(JSON.stringify(value));
  const cached = known.get(value);
  if (cached !== undefined) return cached;
  // Loops and one growing string, not entries().map().join(): the same text at about 85 % of
  // the time, and much less garbage (every page's content passes through here once per build).
  let text: string;
  if (Array.isArray(value)) {
    text = '[';
    for (let i = 0; i < value.length; i++) text += i === 0 ? encode(value[i]) : `,${encode(value[i])}`;
    text += ']';
  } else if (value instanceof Date) text = `d(${value.toISOString()})`;
  else if (value instanceof Set) text = `s<${[...value].map(encode).sort().join(',')}>`;
  else if (value instanceof Map) text = `m<${[...value].map(([k, v]) => `${encode(k)}:${encode(v)}`).sort().join(',')}>`;
  else {
    text = '{';
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      text += `${i === 0 ? '' : ','}${keyText(key)}:${encode((value as Record<string, unknown>)[key])}`;
    }
    text += '}';
  }
  const result = text.length <= INLINE_MAX ? text : `#${sha(text)}`;
  known.set(value, result);
  return result;
}

/** A digest of a value made of JSON values, Dates, Sets and Maps (Set order does not count). */
export function digest(value: unknown): string {
  return sha(encode(value));
}

/** What every page shows besides its props; once per build. */
const siteDigest = scoped(async () => {
  const [frame, search] = await Promise.all([getPageFrame(), getSearchContext()]);
  const { siteUrl, imageSources, source } = buildConfig();
  const origin = source.kind === 'sanity' ? { kind: source.kind, projectId: source.sanity.projectId, dataset: source.sanity.dataset } : { kind: source.kind };
  // Whether the banner shows changes at a minute ("Anzeigen ab/bis"), not only at midnight: a
  // build at that minute (the publish server's change timer) must render every page again.
  const alertShown = isAlertShown(frame.settings.alert, buildNow());
  return digest([frame, search, buildDate(), alertShown, siteUrl, imageSources, origin]);
});

interface Entry {
  params: Record<string, string | number | undefined>;
  props: object;
}

/**
 * The entries of getStaticPaths with a `cacheKey` each. A page that shows something that depends
 * on the time of day gives `clock`: its props are then keyed without the build instant (a `now`
 * prop) and with what the page derives from it (an event's phase), so the page is rendered again
 * exactly when that changes. Without `clock`, a `now` prop keys the page to this instant.
 */
export async function withCacheKeys<E extends Entry>(entries: readonly E[] | Promise<readonly E[]>, clock?: (props: E['props'], now: Date) => unknown): Promise<(E & { cacheKey: string })[]> {
  // The preview renders on request and caches nothing: its pages need no key.
  if (previewContext()) return (await entries).map((entry) => ({ ...entry, cacheKey: '' }));
  const [list, site] = await Promise.all([entries, siteDigest()]);
  const now = buildNow();
  return list.map((entry) => {
    const props = clock ? Object.fromEntries(Object.entries(entry.props).filter(([, v]) => !(v instanceof Date && v.getTime() === now.getTime()))) : entry.props;
    return { ...entry, cacheKey: digest([site, props, clock ? clock(entry.props, now) : null]) };
  });
}

/**
 * The key of a page without getStaticPaths (a list, a feed), for fast publishes
 * (src/build/fast-publish.ts), which render such a page again only when its key changed: the page
 * module exports `pageKey`, a function that returns `staticPageKey(what it shows besides the page
 * frame, and what it derives from the clock)`. A page without `pageKey` is rendered on every
 * publish, and `astro build` renders every one of them anyway.
 */
export async function staticPageKey(shows: unknown): Promise<string> {
  if (previewContext()) return '';
  return digest([await siteDigest(), shows]);
}
