// Turns contract violations into messages an editor or developer can act on: which document,
// which field, what is wrong, how to fix it (in English; the Problem type and its German text:
// ./problem.ts). The build stops with all of them at once.
import type { z } from 'zod';
import { WHOLE_ENTRY, type Problem, type ProblemCode, type ProblemFormat } from './problem.ts';

export class ContentContractError extends Error {
  override name = 'ContentContractError';
  // A field, not a parameter property: scripts load this file with Node's type stripping (the bench).
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(
      `The content breaks the site's contract in ${problems.length} place${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - Document "${p.id}" (${p.type}), field "${p.field}": ${p.problem}. Fix: ${p.fix}`).join('\n') +
        '\nCorrect these entries in the Studio (or in content/dataset.ndjson) and build again.',
    );
    this.problems = problems;
  }
}

/** Advice per top-level field; the generic advice below covers the rest. */
const fieldFixes: Record<string, string> = {
  slug: 'open the entry in the Studio and generate its URL slug (field "Slug"), then publish',
  title: 'give the entry a German title (field "Titel"), then publish',
  provider: 'choose a published partner as provider (field "Anbieter"), or publish the partner it points to',
  partners: 'remove the reference or publish the partner it points to',
  relatedServices: 'remove the reference or publish the service it points to',
  relatedPartners: 'remove the reference or publish the partner it points to',
  week: 'write times as HH:mm (e.g. 09:30) and make every closing time later than its opening time',
  periods: 'write times as HH:mm and give every period a start and end date',
  specialDays: 'give every special day a date (YYYY-MM-DD) and, unless it is a closure, at least one time interval',
  start: 'set a start date and time',
  end: 'set an end date and time after the start',
  publishedAt: 'set the publication date (YYYY-MM-DD)',
  category: 'choose one of the listed categories',
  pageType: 'choose the page type (Impressum, Datenschutz, …)',
};

/** The messages of the contract's patterns (./contract.ts), so a format problem knows its format. */
export const FORMAT_HINTS = {
  slug: 'use lowercase letters, digits and single dashes',
  date: 'expected a date like 2026-10-07',
  time: 'expected a time like 09:30',
  link: 'use an internal path starting with "/" or an https:// URL',
} as const satisfies Record<ProblemFormat, string>;
const formatOfHint = new Map<string, ProblemFormat>(Object.entries(FORMAT_HINTS).map(([format, hint]) => [hint, format as ProblemFormat]));

function codeOf(issue: z.core.$ZodIssue): ProblemCode {
  if (issue.code === 'invalid_type' && /received (undefined|null)/.test(issue.message)) return { kind: 'missing' };
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return { kind: 'missing' };
  if (issue.code === 'invalid_format') {
    const format = formatOfHint.get(issue.message);
    return format ? { kind: 'format', format } : { kind: 'format' };
  }
  return { kind: 'invalid' };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received (undefined|null)/.test(issue.message)) return 'is missing';
  if (issue.code === 'invalid_type') return `has the wrong type (${issue.message})`;
  if (issue.code === 'invalid_value') return `has a value that is not allowed (${issue.message})`;
  if (issue.code === 'invalid_format') return `is not in the expected format (${issue.message})`;
  return issue.message;
}

export function problemsFromZod(doc: { _id?: unknown; _type?: unknown }, type: string, error: z.ZodError): Problem[] {
  const id = typeof doc._id === 'string' ? doc._id : '(entry without _id)';
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || WHOLE_ENTRY;
    const top = String(issue.path[0] ?? '');
    return {
      id,
      type,
      field,
      problem: describeIssue(issue),
      fix: fieldFixes[top] ?? `correct the field "${field}" in the Studio and publish again`,
      code: codeOf(issue),
    };
  });
}
