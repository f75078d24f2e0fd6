// The content contract's shared parts: zod schemas of the field shapes every content type uses
// (each type's own contract lives in src/content-types/<type>/content.ts), and the validation
// that turns a query result into view models or one error listing every problem. Optional in
// the CMS means optional here; everything a page cannot render without is required.
import { z } from 'zod';
import { ContentContractError, FORMAT_HINTS, problemsFromZod } from '../../../core/content/errors.ts';
import type { Problem } from '../../../core/content/problem.ts';
import { previewContext, previewProblemLog } from './scope.ts';

export const nullish = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

export const localeString = z.object({ de: z.string().min(1), en: nullish(z.string()) });
export const optionalLocaleString = nullish(z.object({ de: nullish(z.string()), en: nullish(z.string()) }));
export const localeStringList = z.object({ de: nullish(z.array(z.string())), en: nullish(z.array(z.string())) });

const span = z.looseObject({ _type: z.string(), text: z.string().optional(), marks: z.array(z.string()).optional() });
export const portableTextBlock = z.looseObject({
  _type: z.string(),
  _key: z.string().optional(),
  style: z.string().optional(),
  listItem: z.string().optional(),
  level: z.number().optional(),
  children: z.array(span).optional(),
  markDefs: z.array(z.looseObject({ _key: z.string(), _type: z.string(), href: z.string().optional() })).optional(),
});
export const blockContent = z.object({
  de: z.array(portableTextBlock),
  en: nullish(z.array(portableTextBlock)),
});

export const image = z.object({
  url: z.string().min(1),
  // Names the original the build publishes for a local file (src/lib/images.ts).
  sha1: nullish(z.string().regex(/^[0-9a-f]{40}$/, 'expected the SHA-1 of the image file')),
  width: z.number().positive(),
  height: z.number().positive(),
  alt: localeString,
  credit: z.string().min(1),
  caption: optionalLocaleString,
});

export const seo = nullish(z.object({ title: optionalLocaleString, description: optionalLocaleString }));

export const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, FORMAT_HINTS.slug);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, FORMAT_HINTS.date);
/** A time of day from 00:00 to 23:59 (the alert's "Anzeigen ab/bis" times). */
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, FORMAT_HINTS.time);
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, FORMAT_HINTS.time);

// `_updatedAt`: a page that shows the partner as part of its own content dates itself by it too (src/lib/lastmod.ts).
export const partnerLink = z.object({ _id: z.string(), _updatedAt: nullish(z.string()), name: z.string().min(1), slug });

/** Compiles only when every field of a contract exists in the generated query result (`npm run check`). */
export type Accepts<Contract, Generated extends Record<keyof Contract, unknown>> = Generated;

type Doc = { _id?: unknown; _type?: unknown };

/**
 * Validates every document of a query result; throws once with all problems. In a preview an
 * editor's unfinished draft must not take every page of its type down: a document that breaks
 * the contract is left out, the others render, and the banner names what was left out and why
 * (src/preview/PreviewBanner.astro). `whole` (see parseWhole): even a preview stops.
 */
export function parseAll<S extends z.ZodType>(type: string, schema: S, docs: unknown, check?: (doc: z.output<S>) => Problem[], whole = false): z.output<S>[] {
  const list = Array.isArray(docs) ? docs : [];
  const problems: Problem[] = [];
  const parsed: z.output<S>[] = [];
  for (const doc of list) {
    const result = schema.safeParse(doc);
    if (result.success) {
      parsed.push(result.data);
      problems.push(...(check?.(result.data) ?? []));
    } else {
      problems.push(...problemsFromZod(doc as Doc, type, result.error));
    }
  }
  problems.push(...duplicateSlugs(type, parsed as { _id: string; slug?: string }[]));
  if (problems.length === 0) return parsed;
  if (whole || !previewContext()) throw new ContentContractError(problems);
  // Left out: what failed its shape (not in `parsed`) and the later owner of a taken slug. A
  // draft whose reference points nowhere still renders; the link is dropped as on a public page.
  const shown = new Set(parsed.map((doc) => (doc as { _id: string })._id));
  for (const problem of problems) if (problem.code.kind === 'duplicate-slug') shown.delete(problem.id);
  const log = previewProblemLog();
  log.problems.push(...problems);
  for (const doc of list as (Doc & { title?: { de?: unknown }; name?: unknown })[]) {
    if (typeof doc._id !== 'string' || !problems.some((problem) => problem.id === doc._id)) continue;
    if (!shown.has(doc._id)) log.leftOut.add(doc._id);
    const title = typeof doc.title?.de === 'string' ? doc.title.de : typeof doc.name === 'string' ? doc.name : undefined;
    if (title) log.titles.set(doc._id, title);
  }
  return parsed.filter((doc) => shown.has((doc as { _id: string })._id));
}

/**
 * parseAll for entries every page needs (the site settings, the opening hours): a preview cannot
 * leave them out, so it stops with their problems (src/preview/middleware.ts shows them).
 */
export function parseWhole<S extends z.ZodType>(type: string, schema: S, docs: unknown, check?: (doc: z.output<S>) => Problem[]): z.output<S>[] {
  return parseAll(type, schema, docs, check, true);
}

function duplicateSlugs(type: string, docs: { _id: string; slug?: string }[]): Problem[] {
  const owners = new Map<string, string>();
  const problems: Problem[] = [];
  for (const doc of docs) {
    if (!doc.slug) continue;
    const owner = owners.get(doc.slug);
    if (owner) {
      problems.push({ id: doc._id, type, field: 'slug', problem: `"${doc.slug}" is already the slug of "${owner}"`, fix: 'give one of the two entries a different URL slug', code: { kind: 'duplicate-slug', slug: doc.slug, owner } });
    } else {
      owners.set(doc.slug, doc._id);
    }
  }
  return problems;
}

/** A problem for every reference that points to nothing published. */
export function danglingRefs(doc: { _id: string }, type: string, field: string, refs: { ref: string; _id?: string }[] | undefined): Problem[] {
  return (refs ?? [])
    .filter((ref) => !ref._id)
    .map((ref) => ({
      id: doc._id,
      type,
      field,
      problem: `points to "${ref.ref}", which does not exist or is not published`,
      fix: `publish "${ref.ref}" or remove the reference`,
      code: { kind: 'reference', ref: ref.ref },
    }));
}

/** Partner references that resolved, as links. */
export const resolvedPartners = (refs: { _id?: string; _updatedAt?: string | null; name?: string; slug?: string }[] | undefined) =>
  (refs ?? []).flatMap((p) => (p._id && p.name && p.slug ? [{ _id: p._id, _updatedAt: p._updatedAt ?? null, name: p.name, slug: p.slug }] : []));
