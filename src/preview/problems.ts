// What an editor is told about drafts the preview left out because they break the content
// contract (src/lib/content/contract.ts): which document, what is wrong in German
// (core/content/problem.ts) with the Studio's names of types and fields, and a link that
// opens it in the Studio, where the form marks the field.
import * as content from '../lib/content/index.ts';
import { studioTitleLabels } from '../../core/content/field-titles.ts';
import { germanProblem, type ProblemText } from '../../core/content/problem.ts';
import { previewProblemLog, type PreviewProblemLog } from '../lib/content/scope.ts';

export interface PreviewProblem extends ProblemText {
  /** Opens the document in the Studio (in the whole window, not in the preview's frame). */
  editUrl: string;
  /** The document is missing from the preview's pages. */
  leftOut: boolean;
}

/** German texts for problems the running preview request met, in the order they were met. */
export function describePreviewProblems({ problems, titles, leftOut }: PreviewProblemLog, studioUrl: string): PreviewProblem[] {
  const labels = studioTitleLabels((id) => titles.get(id));
  return problems.map((problem) => ({
    ...germanProblem(problem, labels),
    leftOut: leftOut.has(problem.id),
    editUrl: `${studioUrl}/intent/edit/id=${encodeURIComponent(problem.id)};type=${encodeURIComponent(problem.type)}/`,
  }));
}

/**
 * Every content type loaded, then the problems met: a page names them all, also those of types
 * it does not show. Loads are shared by requests with the same content; after an edit a page
 * that shows few types pays for the others' queries (a service page at 1,000 documents: about
 * 220 instead of 90 ms, `npm run bench:preview`).
 */
export async function previewProblems(studioUrl: string): Promise<PreviewProblem[]> {
  await Promise.allSettled([content.getServices(), content.getPartners(), content.getPressItems(), content.getEvents(), content.getPages(), content.getOpeningHours(), content.getSiteSettings(), content.getNotAtKsp()]);
  return describePreviewProblems(previewProblemLog(), studioUrl);
}
