// Turns a failed build into a short reason for GET /status: no absolute paths, no stack traces,
// no raw build output (those stay in the server log). When the content contract failed, the
// build reported its problems to KSP_BUILD_REPORT (src/lib/content/problem-report.ts); the reason
// names those documents and fields, which is what an editor needs to fix it.
import type { Problem } from '../core/content/problem.ts';

/** At most this many problems are kept; the build prints them all to the log. */
const MAX_PROBLEMS = 20;
/** At most this many are written into the one-line reason. */
const PROBLEMS_IN_REASON = 3;

/** The problems of the build's report as GET /status shows them (English, without the fix). */
export function contentProblems(reported: readonly Problem[]) {
  return reported.slice(0, MAX_PROBLEMS).map((p) => ({ document: p.id, type: p.type, field: p.field, problem: p.problem ?? p.code.kind }));
}

/** The one-line reason for a build that broke the content contract. */
export function contentReason(problems: ReturnType<typeof contentProblems>, total = problems.length): string {
  const listed = problems
    .slice(0, PROBLEMS_IN_REASON)
    .map((p) => `document "${p.document}" (${p.type}), field "${p.field}": ${p.problem}`)
    .join('; ');
  const more = total > PROBLEMS_IN_REASON ? ` (and ${total - PROBLEMS_IN_REASON} more)` : '';
  return `The content breaks the site's contract: ${listed}${more}. Correct it in the Studio and publish again.`;
}
