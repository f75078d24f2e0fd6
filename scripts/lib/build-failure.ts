// Turns a failed build into a short reason for GET /status: no absolute paths, no stack traces,
// no raw build output (those stay in the server log). When the content contract failed
// (src/lib/content/errors.ts), the reason names the documents and fields, which is what an editor
// needs to fix it.

export interface ContentProblem {
  document: string;
  type: string;
  field: string;
  problem: string;
}

/** At most this many problems are kept; the build prints them all to the log. */
const MAX_PROBLEMS = 20;
/** At most this many are written into the one-line reason. */
const PROBLEMS_IN_REASON = 3;

// One line of ContentContractError's message:
//   - Document "service.x" (service), field "title": is missing. Fix: give the entry …
const PROBLEM_LINE = /^\s*- Document "(?<document>[^"]*)" \((?<type>[^)]*)\), field "(?<field>[^"]*)": (?<problem>.*?)\. Fix: /;

export function parseContentProblem(line: string): ContentProblem | undefined {
  const groups = PROBLEM_LINE.exec(line)?.groups;
  if (!groups) return undefined;
  return { document: groups.document, type: groups.type, field: groups.field, problem: groups.problem };
}

/** Collects the content problems a build prints, line by line, as its output streams in. */
export function createProblemCollector() {
  const problems: ContentProblem[] = [];
  const seen = new Set<string>();
  let partial = '';
  let total = 0;
  return {
    push(text: string) {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      // A line longer than any problem line is cut, so one endless line cannot fill memory.
      if (partial.length > 4096) partial = partial.slice(-4096);
      for (const line of lines) {
        const problem = parseContentProblem(line);
        if (!problem) continue;
        const key = `${problem.document}\u0000${problem.field}\u0000${problem.problem}`;
        // Astro may print an error twice (message and summary).
        if (seen.has(key)) continue;
        seen.add(key);
        total += 1;
        if (problems.length < MAX_PROBLEMS) problems.push(problem);
      }
    },
    get problems(): readonly ContentProblem[] {
      return problems;
    },
    get total() {
      return total;
    },
  };
}

/** The one-line reason for a build that broke the content contract. */
export function contentReason(problems: readonly ContentProblem[], total = problems.length): string {
  const listed = problems
    .slice(0, PROBLEMS_IN_REASON)
    .map((p) => `document "${p.document}" (${p.type}), field "${p.field}": ${p.problem}`)
    .join('; ');
  const more = total > PROBLEMS_IN_REASON ? ` (and ${total - PROBLEMS_IN_REASON} more)` : '';
  return `The content breaks the site's contract: ${listed}${more}. Correct it in the Studio and publish again.`;
}
