// The preview's own answers: short pages in German and English that say what happened and what
// to do. None of them contains any content of the site beyond the names of the documents to fix.
import { escapeHtml } from '../../core/portable-text.ts';
import type { PreviewProblem } from './problems.ts';

function page(status: number, title: string, paragraphs: string[], headers: Record<string, string>): Response {
  const body = `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:1.0625rem/1.6 system-ui,sans-serif;color:#1b1f24;max-width:40rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.75rem;line-height:1.2}</style></head>
<body>
<h1>${title}</h1>
${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
</body>
</html>
`;
  return new Response(body, { status, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
}

/** Without a valid handshake: what the preview is and how to reach it. */
export function unauthorized(headers: Record<string, string>): Response {
  return page(
    401,
    'Vorschau nur über das Studio',
    [
      'Diese Vorschau zeigt unveröffentlichte Entwürfe. Öffnen Sie sie im Studio über „Vorschau“ in der oberen Leiste. Der Zugang gilt eine Stunde und wird vom Studio erneuert.',
      '<span lang="en">This preview shows unpublished drafts. Open it in the Studio under “Vorschau” (preview) in the top bar. Access lasts one hour and is renewed by the Studio.</span>',
    ],
    { ...headers, 'WWW-Authenticate': 'SanityPreviewSecret realm="KSP preview"' },
  );
}

export function previewEnded(headers: Record<string, string>): Response {
  return page(200, 'Vorschau beendet', ['Die Vorschau ist in diesem Browser beendet.', '<span lang="en">The preview has ended in this browser.</span>'], headers);
}

/** The server lacks a setting: the log names it; the page only says whom to ask. */
export function misconfigured(headers: Record<string, string>): Response {
  return page(
    500,
    'Vorschau nicht eingerichtet',
    ['Der Vorschau-Server ist nicht vollständig eingerichtet. Das Protokoll des Servers nennt die fehlende Einstellung.', '<span lang="en">The preview server is not fully configured. Its log names the missing setting.</span>'],
    headers,
  );
}

/** Entries every page needs break the site's rules in this perspective: what to correct. */
export function contentProblems(problems: PreviewProblem[], headers: Record<string, string>): Response {
  return page(
    500,
    'Vorschau nicht möglich',
    [
      'Keine Seite lässt sich anzeigen, weil Angaben fehlen oder nicht passen, die jede Seite braucht. So ließe es sich auch nicht veröffentlichen:',
      ...problems.map((problem) => `<strong>${escapeHtml(problem.document)}</strong>: ${escapeHtml(`${problem.problem} ${problem.fix}`)} <a href="${escapeHtml(problem.editUrl)}" target="_top">Im Studio öffnen</a>`),
      '<span lang="en">No page can be shown: entries every page needs break the site\'s rules (listed above in German).</span>',
    ],
    headers,
  );
}
