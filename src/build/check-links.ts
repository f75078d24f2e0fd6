// The link check of every build (issue 27, part 4): every `<a href>` of the finished release. An
// internal link must lead to a file of the release or to a rule of netlify.toml; one that does not
// fails the build with the document and field that hold it (a ContentContractError, so editors read
// it in German: core/content/problem.ts "broken-link"). A broken link that no document holds is a
// fault of the site's code and fails the build with the pages it is on. External links are only
// listed (LINK_LIST_FILE inside the release, hidden): the publish server checks them once the
// release is live, so a slow or broken site elsewhere never holds up a publish.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ContentContractError } from '../../core/content/errors.ts';
import type { Problem } from '../../core/content/problem.ts';
import { contentLinks, hrefsInHtml, linkKey, linkTarget, LINK_LIST_FILE, type LinkList, type LinkSource } from '../../core/links.ts';
import type { RedirectRule } from '../../core/publish/netlify-config.ts';
import { listFiles } from '../../core/file-tree.ts';
import { writeFileAtomic } from '../../core/write-atomic.ts';

export interface LinkCheckInput {
  siteDir: string;
  /** The site's origin (SITE_URL): absolute links to it are internal. */
  siteOrigin: string;
  /** The published documents the site shows, whole (their link fields are found by shape). */
  documents: readonly ({ _id: string; _type: string } & Record<string, unknown>)[];
  /** netlify.toml's redirects: a link one of them answers is not broken. */
  redirects: readonly RedirectRule[];
  /**
   * The links of each page of the previous check (fast publishes, src/build/fast-publish.ts): a
   * page whose file is the same file (a hard link: same inode, size and time) is not read again.
   */
  hrefCache?: HrefCache | undefined;
}

/** Links of a page file by its path below the site, with the identity of the file they were read from. */
export type HrefCache = Record<string, { file: string; hrefs: string[] }>;

export interface LinkCheckResult {
  /** Internal links to no page, by document and field. */
  problems: Problem[];
  /** Internal links to no page that no document holds (the site's own code), with their pages. */
  codeLinks: { href: string; pages: string[] }[];
  list: LinkList;
  pages: number;
  /** The links of every page of this release, for the next check. */
  hrefCache: HrefCache;
}

/** Paths answered by a server route rather than a file (the image service). */
const SERVED_PREFIXES = ['/_img/'];

/** The pages whose links count: HTML outside the search index and outside dot-folders (.ksp). */
function isPage(file: string): boolean {
  return file.endsWith('.html') && !file.startsWith('pagefind/') && !file.split('/').some((segment) => segment.startsWith('.'));
}

function pageOf(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/** Whether a path of this site is answered by the release (`files`: every file below it). */
function exists(files: ReadonlySet<string>, urlPath: string, redirects: readonly RedirectRule[]): boolean {
  if (SERVED_PREFIXES.some((prefix) => urlPath.startsWith(prefix))) return true;
  if (redirects.some((rule) => rule.status !== 404 && rule.pattern.test(urlPath))) return true;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  const file = decoded.split('/').filter((segment) => segment !== '' && segment !== '.' && segment !== '..').join('/');
  return (file !== '' && files.has(file)) || files.has(file === '' ? 'index.html' : `${file}/index.html`);
}

/** The links of every page file, from the cache where the file is the one they were read from. */
async function pageHrefs(siteDir: string, files: readonly string[], cache: HrefCache | undefined): Promise<{ hrefs: string[][]; next: HrefCache }> {
  const hrefs: string[][] = new Array<string[]>(files.length);
  const next: HrefCache = {};
  for (let i = 0; i < files.length; i += 32) {
    const batch = files.slice(i, i + 32);
    await Promise.all(
      batch.map(async (name, j) => {
        const file = path.join(siteDir, name);
        const st = await stat(file);
        const identity = `${st.ino}:${st.size}:${st.mtimeMs}`;
        const known = cache?.[name];
        const found = known?.file === identity ? known.hrefs : hrefsInHtml(await readFile(file, 'utf8'));
        hrefs[i + j] = found;
        next[name] = { file: identity, hrefs: found };
      }),
    );
  }
  return { hrefs, next };
}

export async function checkReleaseLinks({ siteDir, siteOrigin, documents, redirects, hrefCache }: LinkCheckInput): Promise<LinkCheckResult> {
  // Every link of the release, with the pages it is on (as indexes into `files`). Most hrefs
  // are the same on thousands of pages (navigation, footer): each spelling is parsed once.
  const onPages = new Map<string, { href: string; pages: Set<number> }>();
  // Every file of the release, from one walk of the tree: the pages to read, and what an
  // internal link may lead to (a set lookup per link, not a stat).
  const all = await listFiles(siteDir);
  const files = all.filter(isPage);
  const present = new Set(all);
  const read = await pageHrefs(siteDir, files, hrefCache);
  const linkOf = new Map<string, { href: string; pages: Set<number> } | null>();
  for (let index = 0; index < files.length; index += 1) {
    for (const href of read.hrefs[index]!) {
      let entry = linkOf.get(href);
      if (entry === undefined) {
        const target = linkTarget(href, siteOrigin);
        if (target) {
          const key = linkKey(target);
          entry = onPages.get(key) ?? { href: target.kind === 'internal' ? target.path : target.url, pages: new Set<number>() };
          onPages.set(key, entry);
        } else entry = null;
        linkOf.set(href, entry);
      }
      entry?.pages.add(index);
    }
  }
  // The pages a link is on, sorted: only needed for the links that are listed or reported.
  const pagesOf = (pages: Set<number>) => [...pages].map((index) => pageOf(files[index]!)).sort();
  // Where each link comes from in the content.
  const sources = new Map<string, (LinkSource & { href: string })[]>();
  for (const doc of documents) {
    for (const link of contentLinks(doc)) {
      const target = linkTarget(link.href, siteOrigin);
      if (!target) continue;
      const key = linkKey(target);
      sources.set(key, [...(sources.get(key) ?? []), link]);
    }
  }
  const problems: Problem[] = [];
  const codeLinks: LinkCheckResult['codeLinks'] = [];
  const external: LinkList['external'] = [];
  // Only external links and internal ones to no page are listed or reported, in key order.
  const listed = [...onPages].filter(([key, { href }]) => key.startsWith('external:') || !exists(present, href, redirects));
  for (const [key, { href, pages }] of listed.sort(([a], [b]) => a.localeCompare(b))) {
    const from = sources.get(key) ?? [];
    if (key.startsWith('external:')) {
      external.push({ url: href, sources: from.map(({ id, type, field }) => ({ id, type, field })), pages: pagesOf(pages) });
      continue;
    }
    const sorted = pagesOf(pages);
    if (from.length === 0) {
      codeLinks.push({ href, pages: sorted });
      continue;
    }
    for (const source of from) {
      problems.push({
        id: source.id,
        type: source.type,
        field: source.field,
        code: { kind: 'broken-link', href: source.href },
        problem: `links to "${source.href}", which is no page of this site (found on ${sorted.slice(0, 3).join(', ')}${sorted.length > 3 ? ', …' : ''})`,
        fix: 'correct the link to a path of the site (e.g. /oeffnungszeiten/) or remove it',
      });
    }
  }
  return { problems, codeLinks, list: { version: 1, external }, pages: files.length, hrefCache: read.next };
}

/**
 * Checks the release and writes its list of external links; throws what fails the build: a
 * ContentContractError for links in content (the caller reports it to the publish server), an
 * Error naming the pages for links in the site's code.
 */
export async function checkAndListLinks(input: LinkCheckInput): Promise<LinkCheckResult> {
  const result = await checkReleaseLinks(input);
  if (result.problems.length > 0) throw new ContentContractError(result.problems);
  if (result.codeLinks.length > 0) {
    throw new Error(
      `The built site links to pages it does not contain, from its own code (no document holds these links):\n${result.codeLinks
        .map((link) => `  - ${link.href} on ${link.pages.slice(0, 5).join(', ')}${link.pages.length > 5 ? ` and ${link.pages.length - 5} more` : ''}`)
        .join('\n')}\nFix the component or page that writes them.`,
    );
  }
  await writeFileAtomic(path.join(input.siteDir, LINK_LIST_FILE), JSON.stringify(result.list));
  return result;
}
