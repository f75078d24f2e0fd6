// Links of the site and where they come from (issue 27, part 4). The build collects every link of
// the release (hrefsInHtml) and maps it back to the documents and fields that hold it
// (contentLinks: Portable Text link annotations, URL and link fields of any type); internal links
// must lead to a page of the release (src/build/check-links.ts), external ones are checked by the
// publish server after the release is live (server/link-checker.ts), and the Studio shows the
// broken ones per document and in one list. Pure: no I/O.

/** Where a link sits: a published document and the field path as Problem.field writes it. */
export interface LinkSource {
  id: string;
  type: string;
  /** `body.de.3.markDefs.0.href`: the Studio names it "Inhalt › Deutsch › Nr. 4". */
  field: string;
}

/** What the build hands the publish server: every external link and where it sits. */
export interface LinkList {
  version: 1;
  external: { url: string; sources: LinkSource[]; pages: string[] }[];
}

/** The file inside a release (hidden: neither the server nor Netlify publishes dot-folders). */
export const LINK_LIST_FILE = '.ksp/links.json';

export type LinkTarget = { kind: 'internal'; path: string } | { kind: 'external'; url: string };

/**
 * What a link points to, judged from the site's own origin: a path of this site (query and
 * fragment dropped), an http(s) URL elsewhere (fragment dropped), or undefined for what is not
 * checked (mailto:, tel:, a bare fragment, anything malformed).
 */
export function linkTarget(href: string, siteOrigin: string): LinkTarget | undefined {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) {
    const path = trimmed.replace(/[?#].*$/, '');
    return { kind: 'internal', path: path === '' ? '/' : path };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  if (url.origin === siteOrigin) return { kind: 'internal', path: url.pathname };
  return { kind: 'external', url: url.href };
}

/** The key two spellings of one link share ("/anfahrt" and "/anfahrt/" are one page). */
export function linkKey(target: LinkTarget): string {
  return target.kind === 'internal' ? `internal:${target.path.replace(/\/+$/, '') || '/'}` : `external:${target.url}`;
}

const LINK_KEYS = new Set(['href', 'url', 'website', 'bookingUrl']);

/**
 * Every link a document holds, with its field path: any string under a link key (`href` of a
 * Portable Text annotation or a link object, `url`, `website`, `bookingUrl`) and any other string
 * that is an http(s) address. Sanity's own keys (`_ref`, `_type`, …) are skipped.
 */
export function contentLinks(doc: { _id: string; _type: string } & Record<string, unknown>): (LinkSource & { href: string })[] {
  const found: (LinkSource & { href: string })[] = [];
  const walk = (value: unknown, path: string[], key: string) => {
    if (typeof value === 'string') {
      if (LINK_KEYS.has(key) || /^https?:\/\//i.test(value)) found.push({ id: doc._id, type: doc._type, field: path.join('.'), href: value });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, [...path, String(index)], key));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [name, child] of Object.entries(value)) if (!name.startsWith('_')) walk(child, [...path, name], name);
  };
  for (const [name, value] of Object.entries(doc)) if (!name.startsWith('_')) walk(value, [name], name);
  return found;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The targets of the `<a href>` links of an HTML page, attribute entities decoded. */
export function hrefsInHtml(html: string): string[] {
  const hrefs: string[] = [];
  for (const match of html.matchAll(/<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi)) {
    hrefs.push(decodeEntities(match[1] ?? match[2] ?? match[3] ?? ''));
  }
  return hrefs;
}

// ---------------------------------------------------------------------------------------------
// External links: the publish server's check (server/link-checker.ts) and the Studio's report

/** The outcome of one external link, as the checker stores it and the Studio reads it. */
export interface LinkResult {
  /** `broken` is shown to editors; `unchecked` (blocked address, 429) is tried again later. */
  outcome: 'ok' | 'broken' | 'unchecked';
  /** The last HTTP status, when there was an answer. */
  status?: number;
  /** Why there was no answer. */
  error?: 'timeout' | 'unreachable' | 'tls' | 'redirects' | 'blocked' | 'invalid';
  checkedAt: string;
}

export interface BrokenLink {
  url: string;
  sources: LinkSource[];
  pages: string[];
  result: LinkResult;
}

/** What the build status API carries for the Studio (BuildStatus.links). */
export interface LinkReport {
  /** The release whose links were checked last. */
  release: string | null;
  state: 'checking' | 'done';
  startedAt: string | null;
  finishedAt: string | null;
  /** External links of that release and how many of them were checked now (the rest from the day's cache). */
  total: number;
  checkedNow: number;
  broken: BrokenLink[];
}

/** The result in plain German: "Seite nicht gefunden (404)", "Server antwortet nicht". */
export function germanLinkResult(result: Pick<LinkResult, 'status' | 'error'>): string {
  switch (result.error) {
    case 'timeout':
      return 'Server antwortet nicht';
    case 'unreachable':
      return 'Server nicht erreichbar (Adresse unbekannt oder Verbindung abgelehnt)';
    case 'tls':
      return 'Sicherheitszertifikat der Seite ist ungültig';
    case 'redirects':
      return 'Zu viele Weiterleitungen';
    case 'blocked':
      return 'Nicht geprüft: Adresse in einem internen Netz';
    case 'invalid':
      return 'Keine gültige Adresse';
  }
  const status = result.status;
  if (status === undefined) return 'Unbekanntes Ergebnis';
  if (status === 404) return 'Seite nicht gefunden (404)';
  if (status === 410) return 'Seite entfernt (410)';
  if (status === 401 || status === 403) return `Zugriff verweigert (${status})`;
  if (status === 429) return 'Zu viele Anfragen, wird später erneut geprüft (429)';
  if (status >= 500) return `Fehler auf dem Server der Seite (${status})`;
  if (status >= 400) return `Seite nicht abrufbar (${status})`;
  return `Erreichbar (${status})`;
}

/** Checks a report read over the network; undefined when it is not one. */
export function parseLinkReport(value: unknown): LinkReport | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const report = value as Partial<LinkReport>;
  if (!Array.isArray(report.broken) || (report.state !== 'checking' && report.state !== 'done')) return undefined;
  const ok = report.broken.every(
    (link) => link && typeof link.url === 'string' && Array.isArray(link.sources) && Array.isArray(link.pages) && typeof link.result?.outcome === 'string',
  );
  return ok ? (report as LinkReport) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Links to pages that are gone on purpose (a press item or page past its "Sichtbar bis")

/**
 * Whether an href points to one of `gonePaths` (paths of this site, any trailing slash): such a
 * link is dropped from what the site renders instead of failing the build's link check, so a page
 * that ended by itself takes no other page down with it.
 */
export function createGoneCheck(gonePaths: Iterable<string>, siteOrigin: string): (href: string | undefined) => boolean {
  const keys = new Set([...gonePaths].map((path) => linkKey({ kind: 'internal', path })));
  return (href) => {
    if (keys.size === 0 || !href) return false;
    const target = linkTarget(href, siteOrigin);
    return target?.kind === 'internal' && keys.has(linkKey(target));
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A copy of a view model without links to gone pages: a Portable Text link annotation to one
 * becomes plain text (its mark and mark definition go, the words stay), and an item of a list of
 * links (a menu entry: `{ label, href }`) is left out. Anything else is copied unchanged; the same
 * object comes back when nothing was dropped.
 */
export function dropGoneLinks<T>(value: T, isGone: (href: string | undefined) => boolean): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      let changed = false;
      const kept: unknown[] = [];
      for (const item of node) {
        if (isRecord(item) && !Array.isArray(item.markDefs) && typeof item.href === 'string' && isGone(item.href)) {
          changed = true;
          continue;
        }
        const next = walk(item);
        if (next !== item) changed = true;
        kept.push(next);
      }
      return changed ? kept : node;
    }
    if (!isRecord(node)) return node;
    if (Array.isArray(node.markDefs) && Array.isArray(node.children)) {
      const gone = new Set(node.markDefs.filter((def) => isRecord(def) && typeof def._key === 'string' && isGone(def.href as string | undefined)).map((def) => (def as { _key: string })._key));
      if (gone.size === 0) return node;
      return {
        ...node,
        markDefs: node.markDefs.filter((def) => !(isRecord(def) && gone.has(def._key as string))),
        children: node.children.map((child) =>
          isRecord(child) && Array.isArray(child.marks) ? { ...child, marks: child.marks.filter((mark) => !gone.has(mark as string)) } : child,
        ),
      };
    }
    let changed = false;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      const next = walk(child);
      if (next !== child) changed = true;
      copy[key] = next;
    }
    return changed ? copy : node;
  };
  return walk(value) as T;
}

/** Where the published documents link to gone pages: what the site dropped, for the editor to fix. */
export function goneLinkSources(
  documents: readonly ({ _id: string; _type: string } & Record<string, unknown>)[],
  isGone: (href: string | undefined) => boolean,
): (LinkSource & { href: string })[] {
  return documents.flatMap((doc) => contentLinks(doc).filter((link) => isGone(link.href)));
}
