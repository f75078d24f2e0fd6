// Runs in every preview page. Inside the Studio's Presentation tool it turns on the
// click-to-edit overlays (elements marked with data-sanity, see src/lib/visual-editing.ts),
// reports the page's address so the Studio can show the document of the page, and follows
// edits: after every change of a draft the page is fetched again and its body replaced, with
// no reload. Outside the Studio (no parent frame, no opener) it does nothing.

const inStudio = window.self !== window.top || Boolean(window.opener);

/** The page rendered again from the current drafts, swapped in place. */
async function refreshPage(): Promise<void> {
  const response = await fetch(location.href, { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) return;
  const next = new DOMParser().parseFromString(await response.text(), 'text/html');
  document.title = next.title;
  document.body.replaceChildren(...Array.from(next.body.childNodes, (node) => document.importNode(node, true)));
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

if (inStudio) void startVisualEditing();
