// Portable Text to safe HTML fragments: text is escaped, links are limited to http(s), mailto,
// tel and site-relative URLs, consecutive list items are grouped into one list.
export interface Span {
  _type: string;
  text?: string;
  marks?: string[];
}
export interface Block {
  _type: string;
  _key?: string;
  style?: string;
  listItem?: string;
  children?: Span[];
  markDefs?: { _key: string; _type: string; href?: string }[];
}

export type Group =
  | { kind: 'block'; style: string; html: string }
  | { kind: 'list'; listItem: string; items: { html: string }[] };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  return /^(https?:|mailto:|tel:|\/(?!\/))/.test(href) ? href : undefined;
}

export function blockToHtml(block: Block): string {
  const defs = new Map((block.markDefs ?? []).map((def) => [def._key, def]));
  return (block.children ?? [])
    .map((span) => {
      let html = escapeHtml(span.text ?? '').replace(/\n/g, '<br>');
      for (const mark of span.marks ?? []) {
        if (mark === 'strong') html = `<strong>${html}</strong>`;
        else if (mark === 'em') html = `<em>${html}</em>`;
        else {
          const href = safeHref(defs.get(mark)?.href);
          if (href) {
            const external = /^https?:/.test(href);
            html = `<a href="${escapeHtml(href)}"${external ? ' rel="noopener"' : ''}>${html}</a>`;
          }
        }
      }
      return html;
    })
    .join('');
}

export function groupBlocks(blocks: Block[]): Group[] {
  const groups: Group[] = [];
  for (const block of blocks) {
    if (block._type !== 'block') continue;
    const html = blockToHtml(block);
    if (block.listItem) {
      const last = groups.at(-1);
      if (last?.kind === 'list' && last.listItem === block.listItem) last.items.push({ html });
      else groups.push({ kind: 'list', listItem: block.listItem, items: [{ html }] });
    } else {
      groups.push({ kind: 'block', style: block.style ?? 'normal', html });
    }
  }
  return groups;
}
