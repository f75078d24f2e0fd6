// The search page UI over Pagefind's JS API. Loaded on demand (see SearchPage.astro): when the
// page opens with ?q=, or when the search field is first focused or typed into. Pagefind itself
// comes from /pagefind/pagefind.js through a dynamic import, which the site's CSP allows
// (script-src 'self' 'wasm-unsafe-eval'); nothing here is inline.
import { escapeHtml } from '../../core/portable-text.ts';
import { ARCHIVE_BASE_PATH, ARCHIVE_MANIFEST_PATH, fallbackWords, queryVariants, searchOptions, withoutFunctionWords, type ArchiveManifest } from '../../core/search-query.ts';
import { alternativeQuery, FEW_RESULTS, isKnownWord, judgedWords, statusOf, type Alternative, type Status, type StatusStrings, type Vocabulary } from './query-help.ts';
import { matchNotAtKsp, type NotAtKspEntry } from './not-at-ksp.ts';
import { loadVocabulary } from './vocabulary.ts';
import { foldWord } from '../../core/fold-word.ts';

interface ResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<ResultData>;
}
interface PagefindSearch {
  results: PagefindResult[];
  filters?: Record<string, Record<string, number>>;
}
type Filters = Record<string, string | { any: string[] }>;
interface Pagefind {
  options(options: object): Promise<void>;
  init(): Promise<void>;
  search(query: string, options?: { filters?: Filters }): Promise<PagefindSearch>;
  debouncedSearch(query: string, options?: { filters?: Filters }, wait?: number): Promise<PagefindSearch | null>;
  preload(query: string): Promise<void>;
  mergeIndex(basePath: string, options?: object): Promise<void>;
}
interface PagefindModule extends Pagefind {
  createInstance(options: object): Pagefind;
}

interface Strings extends StatusStrings {
  loading: string;
  notAtKspStatus: string;
  archiveSearched: string;
}

const PAGE_SIZE = 10;
/** The URL parameter of a search that includes the archive. */
const ARCHIVE_PARAM = 'archiv';
const bundle = '/pagefind/pagefind.js';
let pagefindPromise: Promise<Pagefind> | undefined;

/** The current index (on a site without an archive: the whole index). */
function loadPagefind(): Promise<Pagefind> {
  pagefindPromise ??= (import(/* @vite-ignore */ bundle) as Promise<PagefindModule>).then(async (pagefind) => {
    await pagefind.options(searchOptions);
    await pagefind.init();
    return pagefind;
  });
  return pagefindPromise;
}

let archivePromise: Promise<boolean> | undefined;

/** Whether this language's search has an archive (ARCHIVE_MANIFEST_PATH); without the file, none. */
function hasArchive(locale: string): Promise<boolean> {
  archivePromise ??= fetch(ARCHIVE_MANIFEST_PATH)
    .then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const manifest = (await response.json()) as Partial<ArchiveManifest>;
      return Object.entries(manifest.languages ?? {}).some(([lang, pages]) => (lang === locale || lang.startsWith(`${locale}-`)) && pages > 0);
    })
    .catch((cause: unknown) => {
      console.warn(`Search: no archive, ${ARCHIVE_MANIFEST_PATH} could not be read (${String(cause)}).`);
      return false;
    });
  return archivePromise;
}

let allPromise: Promise<Pagefind> | undefined;

/**
 * The current index and the archive as one: a Pagefind instance of its own with the archive
 * merged in, which shares the WebAssembly of the current index (Pagefind's mergeIndex) and ranks
 * the results of both together. Loaded only when a search needs the archive; the current index
 * stays as it is for the searches that do not.
 */
function loadAll(): Promise<Pagefind> {
  allPromise ??= (import(/* @vite-ignore */ bundle) as Promise<PagefindModule>).then(async ({ createInstance }) => {
    const { noWorker, ...ranking } = searchOptions;
    const all = createInstance({ basePath: bundle.slice(0, bundle.lastIndexOf('/') + 1), noWorker });
    await all.options(ranking);
    await all.init();
    await all.mergeIndex(ARCHIVE_BASE_PATH, ranking);
    return all;
  });
  return allPromise;
}

/** Marks query words at word starts in plain text (used when Pagefind's excerpt has no match). */
function highlight(text: string, query: string): string {
  const words = query.split(/\s+/).filter((word) => word.length >= 2).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const escaped = escapeHtml(text);
  if (words.length === 0) return escaped;
  return escaped.replace(new RegExp(`(?<![\\p{L}\\p{N}])(${words.join('|')})`, 'giu'), '<mark>$1</mark>');
}

/**
 * Writes the search that found nothing into the "nothing found" report (SearchMissReport.astro),
 * unless the citizen has written there themselves, and starts the feedback script waiting in its
 * <template>. The field is FIELD.problem of core/feedback/model.ts, named here: importing the
 * model would split it into a chunk of its own that every page with feedback then loads.
 */
function prefillMissReport(root: HTMLElement, query: string) {
  const script = root.querySelector<HTMLTemplateElement>('template[data-search-miss-script]');
  if (script) {
    document.body.append(document.importNode(script.content, true));
    script.remove();
  }
  const report = root.querySelector<HTMLElement>('[data-search-miss]');
  const field = report?.querySelector<HTMLTextAreaElement>('textarea[name="problem"]');
  if (!report || !field || (field.value !== '' && field.value !== report.dataset.filled)) return;
  // A function, so that "$&" and the like in a query stay as typed.
  field.value = (report.dataset.missText ?? '{query}').replace('{query}', () => query);
  report.dataset.filled = field.value;
}

/**
 * The archive alone, as a view of `all` (loadAll) without what `current` finds: for a query with a
 * word only archived pages use, the current index's matches are noise (it answers a word it does
 * not hold with words that begin it), and a page is in one index only. Filter counts are those of
 * both minus those of the current index.
 */
function archiveOnly(all: Pagefind, current: Pagefind): Pagefind {
  const search = async (query: string, options?: { filters?: Filters }): Promise<PagefindSearch> => {
    const [both, noise] = await Promise.all([all.search(query, options), current.search(query, options)]);
    const ids = new Set(noise.results.map((result) => result.id));
    const filters: Record<string, Record<string, number>> = {};
    for (const [key, counts] of Object.entries(both.filters ?? {})) {
      filters[key] = Object.fromEntries(Object.entries(counts).map(([value, count]) => [value, count - (noise.filters?.[key]?.[value] ?? 0)]));
    }
    return { results: both.results.filter((result) => !ids.has(result.id)), filters };
  };
  return {
    ...all,
    search,
    debouncedSearch: async (query, options, wait) => (await all.debouncedSearch(query, options, wait)) && search(query, options),
  };
}

/** Merges result lists by id, adding up the scores of a page found more than once. */
function merge(lists: PagefindResult[][]): PagefindResult[] {
  const merged = new Map<string, PagefindResult>();
  for (const result of lists.flat()) {
    const known = merged.get(result.id);
    merged.set(result.id, known ? { ...known, score: known.score + result.score } : result);
  }
  return [...merged.values()].sort((a, b) => b.score - a.score);
}

interface Found {
  results: PagefindResult[];
  filters?: PagefindSearch['filters'];
  /** Set when the query found little and a corrected or split query was searched as well. */
  help?: { alternative: Alternative; originalCount: number };
  /** A word of the query is only in the archive: what the current index found is noise. */
  needsArchive?: boolean;
}

/**
 * Runs the query variants (see search-query.ts). The query as typed and the query without
 * question words are both searched and merged ("wann hat der KSP offen" finds what "KSP offen"
 * finds); the umlaut variant is tried only when nothing was found.
 */
async function searchVariants(pagefind: Pagefind, query: string, filters: Filters, debounce: boolean): Promise<Found | null> {
  const [typed, ...others] = queryVariants(query);
  const first = debounce ? await pagefind.debouncedSearch(typed!, { filters }, 250) : await pagefind.search(typed!, { filters });
  if (first === null) return null; // a newer keystroke superseded this search
  const short = withoutFunctionWords(query);
  if (short && short !== typed) {
    const second = await pagefind.search(short, { filters });
    const results = merge([first.results, second.results]);
    // Filter counts are those of the larger list: close enough for the labels.
    if (results.length > 0) return { results, filters: second.results.length > first.results.length ? second.filters : first.filters };
  }
  if (first.results.length > 0) return first;
  for (const variant of others.filter((other) => other !== short)) {
    const found = await pagefind.search(variant, { filters });
    if (found.results.length > 0) return found;
  }
  return first;
}

/** The last resort for several words: each word searched alone, results merged. */
async function searchSingleWords(pagefind: Pagefind, query: string, filters: Filters, found: Found): Promise<Found> {
  const words = fallbackWords(query);
  if (words.length === 0) return found;
  const lists = await Promise.all(words.map(async (word) => (await pagefind.search(word, { filters })).results));
  return { results: merge(lists), filters: found.filters };
}

/**
 * The words of the query the site does not use (isKnownWord). A word Pagefind holds as it is
 * (an exact search finds it) is known without more; only the others are judged by the
 * vocabulary, which is fetched then, so an everyday query never downloads it. `written`: the
 * words the vocabulary holds as they are although this index does not (on a site with an
 * archive: words of archived pages).
 */
async function unknownWords(pagefind: Pagefind, query: string, vocabulary: () => Promise<Vocabulary | undefined>): Promise<{ written: string[]; unknown: string[] }> {
  const words = judgedWords(query);
  const held = await Promise.all(words.map(async (word) => (await pagefind.search(`"${word}"`)).results.length > 0));
  const doubtful = words.filter((_, i) => !held[i]);
  const known = doubtful.length > 0 ? await vocabulary() : undefined;
  if (!known) return { written: [], unknown: [] };
  return { written: doubtful.filter((word) => known.byFold.has(foldWord(word))), unknown: doubtful.filter((word) => !isKnownWord(word, known)) };
}

/** Nothing found: the type filter counts say (0). */
const nothing: Found = { results: [], filters: { type: {} } };

/**
 * A query with words the site does not use. Pagefind's results for it are noise (matches on
 * "für" for "Fürerschein", on "bauen" for "Baugenehmigung", or on the other words alone), so they
 * are not shown. Instead: a correction or split of those words; else, unless a "Nicht im KSP"
 * box answers the query, the query without them (the page says what it searched); else nothing,
 * and the page shows its help.
 */
async function searchWithoutNoise(pagefind: Pagefind, query: string, filters: Filters, found: Found, vocabulary: Vocabulary, unknown: readonly string[], answered: boolean): Promise<Found> {
  const alternative = alternativeQuery(query, vocabulary);
  if (alternative && judgedWords(alternative.query).every((word) => isKnownWord(word, vocabulary))) {
    const better = await searchVariants(pagefind, alternative.query, filters, false);
    if (better && better.results.length > 0) {
      // A split compound ("Gasvertrag" → "Gas Vertrag") keeps the matches on its first part after
      // its own; a correction replaces the typed query's results.
      const shown = new Set(better.results.map((result) => result.id));
      const rest = alternative.kind === 'compound' ? found.results.filter((result) => !shown.has(result.id)) : [];
      return { results: [...better.results, ...rest], filters: better.filters, help: { alternative, originalCount: rest.length > 0 ? found.results.length : 0 } };
    }
  }
  if (answered) return nothing;
  const shorter = judgedWords(query).filter((word) => !unknown.includes(word)).join(' ');
  if (!shorter) return nothing;
  const reduced = await searchVariants(pagefind, shorter, filters, false);
  if (!reduced || reduced.results.length === 0) return nothing;
  return { results: reduced.results, filters: reduced.filters, help: { alternative: { query: shorter, kind: 'shorter' }, originalCount: 0 } };
}

/**
 * Finds the results of a query. A query with words the site does not use goes to
 * searchWithoutNoise. When a query finds little (see query-help.ts), the words the site does not
 * use are corrected or split with the site's vocabulary, which is fetched only then, and that
 * query's results come first. Single words are the last resort. `answered`: a "Nicht im KSP"
 * box matches the query.
 */
async function runQuery(pagefind: Pagefind, query: string, locale: string, filters: Filters, debounce: boolean, answered: boolean, archived = false): Promise<Found | null> {
  const found = await searchVariants(pagefind, query, filters, debounce);
  if (found === null) return null;
  const vocabulary = () => loadVocabulary(locale);
  const { written, unknown } = await unknownWords(pagefind, query, vocabulary);
  // The vocabulary holds the words of both indexes: a word the site writes that the current index
  // does not hold is in the archive, and what the current index found for it is noise.
  if (archived && written.length > 0) return { ...found, needsArchive: true };
  if (unknown.length > 0) return searchWithoutNoise(pagefind, query, filters, found, (await vocabulary())!, unknown, answered);
  if (found.results.length >= FEW_RESULTS) return found;
  const known = await vocabulary();
  const alternative = known && alternativeQuery(query, known);
  if (alternative) {
    const better = await searchVariants(pagefind, alternative.query, filters, false);
    const typed = new Set(found.results.map((result) => result.id));
    if (better && better.results.some((result) => !typed.has(result.id))) {
      const shown = new Set(better.results.map((result) => result.id));
      const rest = found.results.filter((result) => !shown.has(result.id));
      return { results: [...better.results, ...rest], filters: better.filters, help: { alternative, originalCount: found.results.length } };
    }
  }
  return found.results.length > 0 ? found : searchSingleWords(pagefind, query, filters, found);
}

function formatDate(value: string | undefined, locale: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(date);
}

function renderResult(data: ResultData, query: string, locale: string): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'border-b border-ksp-line py-4';
  const title = data.meta.title ?? data.url;
  const excerpt = data.excerpt.includes('<mark>') ? data.excerpt : highlight(data.meta.summary ?? data.excerpt.replace(/<[^>]+>/g, ''), query);
  const date = formatDate(data.meta.date, locale);
  item.innerHTML = `
    <h3 class="text-xl font-bold"><a href="${escapeHtml(data.url)}">${escapeHtml(title)}</a></h3>
    <p class="mt-1 flex flex-wrap items-center gap-2 text-sm text-ksp-muted">
      ${data.meta.type ? `<span class="rounded border border-ksp-blue-700 px-2 py-0.5 font-semibold text-ksp-blue-800">${escapeHtml(data.meta.type)}</span>` : ''}
      ${date ? `<span>${escapeHtml(date)}</span>` : ''}
    </p>
    <p class="mt-2 max-w-2xl [&_mark]:bg-ksp-amber-100 [&_mark]:font-semibold [&_mark]:text-ksp-ink">${excerpt}</p>`;
  return item;
}

/** Wires up one search page; `root` is the element with [data-search-root]. */
export function startSearch(root: HTMLElement): void {
  const locale = root.dataset.locale ?? 'de';
  const strings = JSON.parse(root.dataset.strings ?? '{}') as Strings;
  const form = root.querySelector<HTMLFormElement>('form[role="search"]')!;
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const status = root.querySelector<HTMLElement>('[data-search-status]')!;
  const panel = root.querySelector<HTMLElement>('[data-search-panel]')!;
  const list = root.querySelector<HTMLOListElement>('[data-search-results]')!;
  const more = root.querySelector<HTMLButtonElement>('[data-search-more]')!;
  const archiveAction = root.querySelector<HTMLElement>('[data-search-archive]');
  const archiveButton = archiveAction?.querySelector('button');
  const help = root.querySelector<HTMLElement>('[data-search-help]')!;
  const error = root.querySelector<HTMLElement>('[data-search-error]')!;
  const typeBoxes = [...root.querySelectorAll<HTMLInputElement>('input[name="type"]')];
  const provider = root.querySelector<HTMLSelectElement>('select[name="provider"]');
  const boxList = root.querySelector<HTMLElement>('[data-not-at-ksp-boxes]');
  const boxes = new Map([...root.querySelectorAll<HTMLElement>('[data-not-at-ksp]')].map((box) => [box.dataset.notAtKsp!, box]));
  const boxEntries: NotAtKspEntry[] = [...boxes].map(([id, box]) => ({ id, terms: JSON.parse(box.dataset.terms ?? '[]') as string[] }));

  /** Shows the boxes of `ids` in that order and hides the others. */
  const showBoxes = (ids: readonly string[]) => {
    for (const [id, box] of boxes) box.hidden = !ids.includes(id);
    boxList?.append(...ids.map((id) => boxes.get(id)!));
  };

  let results: PagefindResult[] = [];
  let shown = 0;
  let sequence = 0;
  let lastQuery = '';

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? input.value;
  // Once asked for (the button, or ?archiv=1 of a shared link), every search includes the archive.
  let withArchive = params.get(ARCHIVE_PARAM) === '1';
  const wantedTypes = params.getAll('type');
  for (const box of typeBoxes) box.checked = wantedTypes.includes(box.value);
  if (provider) provider.value = params.get('provider') ?? '';

  const filters = (): Filters => {
    const selected: Filters = {};
    const types = typeBoxes.filter((box) => box.checked).map((box) => box.value);
    if (types.length > 0) selected.type = { any: types };
    if (provider?.value) selected.provider = provider.value;
    return selected;
  };

  const syncUrl = (query: string) => {
    const url = new URL(location.href);
    url.search = '';
    if (query) url.searchParams.set('q', query);
    for (const box of typeBoxes) if (box.checked) url.searchParams.append('type', box.value);
    if (provider?.value) url.searchParams.set('provider', provider.value);
    if (withArchive) url.searchParams.set(ARCHIVE_PARAM, '1');
    history.replaceState(history.state, '', url);
  };

  const updateCounts = (counts: Record<string, number> | undefined) => {
    for (const box of typeBoxes) {
      const count = root.querySelector<HTMLElement>(`[data-count-for="${CSS.escape(box.value)}"]`);
      if (count) count.textContent = counts ? `(${counts[box.value] ?? 0})` : '';
    }
  };

  const showMore = async (moveFocus: boolean) => {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const mine = sequence;
    const data = await Promise.all(batch.map((result) => result.data()));
    if (mine !== sequence) return;
    const items = data.map((entry) => renderResult(entry, lastQuery, locale));
    list.append(...items);
    shown += batch.length;
    more.hidden = shown >= results.length;
    if (moveFocus) items[0]?.querySelector('a')?.focus();
  };

  /** Writes the status; a correction comes first as a link that searches for it. */
  const showStatus = ({ suggestion, text }: Status) => {
    if (!suggestion) {
      status.textContent = text;
      return;
    }
    const link = document.createElement('a');
    const url = new URL(location.href);
    url.searchParams.set('q', suggestion.query);
    link.href = url.href;
    link.textContent = suggestion.query;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      input.value = suggestion.query;
      input.focus();
      void search(false);
    });
    const line = document.createElement('span');
    line.className = 'block';
    line.append(suggestion.before, link, suggestion.after);
    status.replaceChildren(line, ' ', text);
  };

  const search = async (debounce: boolean) => {
    const query = input.value.trim();
    const mine = ++sequence;
    syncUrl(query);
    if (!query) {
      results = [];
      list.replaceChildren();
      status.textContent = '';
      more.hidden = true;
      help.hidden = true;
      if (archiveAction) archiveAction.hidden = true;
      showBoxes([]);
      updateCounts(undefined);
      return;
    }
    status.setAttribute('aria-busy', 'true');
    try {
      const [pagefind, archived] = await Promise.all([loadPagefind(), hasArchive(locale)]);
      const answers = matchNotAtKsp(query, boxEntries);
      let searchedArchive = false;
      let found = await runQuery(pagefind, query, locale, filters(), debounce, answers.length > 0, archived);
      // The archive is searched when asked for, and by itself when the current index finds
      // nothing, or nothing but noise for a word only archived pages use; the help, the correction
      // and the box then decide on what both indexes hold.
      if (found && archived && (withArchive || found.needsArchive || found.results.length === 0)) {
        if (mine !== sequence) return;
        searchedArchive = true;
        const all = await loadAll();
        found = await runQuery(found.needsArchive ? archiveOnly(all, pagefind) : all, query, locale, filters(), false, answers.length > 0);
      }
      if (found === null || mine !== sequence) return;
      results = found.results;
      shown = 0;
      // Excerpts without a match highlight the words of both queries.
      lastQuery = found.help ? `${query} ${found.help.alternative.query}` : query;
      list.replaceChildren();
      await showMore(false);
      if (mine !== sequence) return;
      const said = statusOf(query, results.length, strings, found.help);
      // The live status names the box too: it stands below the status, before the results.
      const box = answers[0] && boxes.get(answers[0])?.querySelector('h2')?.textContent;
      const archiveNote = searchedArchive && results.length > 0 ? ` ${strings.archiveSearched}` : '';
      showStatus(box ? { ...said, text: `${said.text}${archiveNote} ${strings.notAtKspStatus.replace('{title}', () => box)}` } : { ...said, text: `${said.text}${archiveNote}` });
      if (archiveAction) archiveAction.hidden = !archived || searchedArchive;
      showBoxes(answers);
      help.hidden = results.length > 0;
      if (results.length === 0) prefillMissReport(root, query);
      updateCounts(found.filters?.type);
    } catch (cause) {
      console.error('Search failed', cause);
      error.hidden = false;
      panel.hidden = true;
    } finally {
      if (mine === sequence) status.removeAttribute('aria-busy');
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search(false);
  });
  input.addEventListener('input', () => void search(true));
  for (const box of typeBoxes) box.addEventListener('change', () => void search(false));
  provider?.addEventListener('change', () => void search(false));
  more.addEventListener('click', () => void showMore(true));
  archiveButton?.addEventListener('click', () => {
    withArchive = true;
    // The button disappears once the archive is searched: focus goes back to the field, the
    // status announces the new count.
    input.focus();
    void search(false);
  });

  panel.hidden = false;
  loadPagefind().catch((cause) => {
    console.error('Pagefind could not be loaded', cause);
    error.hidden = false;
    panel.hidden = true;
  });
  if (input.value.trim()) void search(false);
}
