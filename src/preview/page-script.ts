// Runs in every preview page. It follows edits: when the Content Lake has a change (the
// server's live channel, src/preview/live.ts) or the Studio says so, the page is fetched again
// and its body replaced, with no reload. Inside the Studio's Presentation tool it also turns on
// the click-to-edit overlays (elements marked with data-sanity, see src/preview/edit-target.ts)
// and reports the page's address so the Studio can show the page's document.

const inStudio = window.self !== window.top || Boolean(window.opener);
/** Edits come in bursts (one commit per pause in typing): one fetch per burst. */
const SETTLE_MS = 80;

let latest: AbortController | undefined;

/**
 * The page rendered again from the current drafts, swapped in place. A newer change cancels a
 * fetch still under way: only the newest state is worth showing.
 */
async function refreshPage(): Promise<void> {
  latest?.abort();
  const mine = (latest = new AbortController());
  try {
    const response = await fetch(location.href, { credentials: 'same-origin', cache: 'no-store', signal: mine.signal });
    if (!response.ok) return;
    const next = new DOMParser().parseFromString(await response.text(), 'text/html');
    if (mine.signal.aborted) return;
    document.title = next.title;
    document.body.replaceChildren(...Array.from(next.body.childNodes, (node) => document.importNode(node, true)));
  } catch (error) {
    if (!mine.signal.aborted) throw error;
  }
}

function followChanges(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  new EventSource('/preview/live').addEventListener('change', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refreshPage(), SETTLE_MS);
  });
}

/** The Studio switched between drafts, published and releases: the server keeps it per browser. */
async function changePerspective(perspective: string | string[]): Promise<void> {
  const response = await fetch('/preview/perspective', { method: 'POST', credentials: 'same-origin', body: Array.isArray(perspective) ? perspective.join(',') : perspective });
  if (response.status === 205) await refreshPage();
}

async function startVisualEditing(): Promise<void> {
  const { enableVisualEditing } = await import('@sanity/visual-editing');
  enableVisualEditing({
    // A multi-page site: every page load reports its address; the Studio navigates by loading.
    history: {
      subscribe: (navigate) => {
        navigate({ type: 'push', url: `${location.pathname}${location.search}${location.hash}` });
        return () => {};
      },
      update: (update) => {
        if (update.type === 'pop') history.back();
        else if (update.type === 'replace') location.replace(update.url);
        else location.assign(update.url);
      },
    },
    refresh: (payload) => (payload.source === 'manual' ? (location.reload(), false) : refreshPage()),
    onPerspectiveChange: (perspective) => void changePerspective(perspective),
  });
}

followChanges();
if (inStudio) void startVisualEditing();
