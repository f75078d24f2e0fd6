// Why a build runs, as data from the moment it is asked for to every place that shows it: the
// publish server's queue, the release record beside each release (server/releases.ts), the build
// (KSP_BUILD_TRIGGER, or on Netlify the build hook's body), the build manifest, the build status
// API, and on Netlify the deploy title (netlify/lib/deploy-title.ts). Nothing rebuilds a trigger
// from a text: `describeTrigger` writes one for people, and nothing reads it back.
import { parseChangeReason, type ChangeReason } from './next-change.ts';

/** A document whose publish asks for a build (from the webhook: `_id`, `_type`, `_rev`, operation). */
export interface TriggerDocument {
  _id: string;
  _type: string;
  _rev?: string;
  operation?: string;
}

/**
 * Why a build ran: documents were published (`publish`), an editor pressed "Website neu bauen"
 * (`rebuild`), the daily rebuild, the server's start, a retry after a failed first build.
 */
export type TriggerKind = 'publish' | 'rebuild' | 'daily' | 'startup' | 'retry' | 'scheduled' | 'other';

/**
 * What the platform did with a document whose "Sichtbar bis" was reached: `unpublished` (through
 * Sanity's API with the unpublish token), `not-configured` (no token: the site hides it, Sanity
 * still has it published), `failed` (Sanity refused or was unreachable; the site hides it anyway).
 */
export interface ScheduledUnpublish {
  _id: string;
  _type: string;
  title?: string;
  /** The document's "Sichtbar bis" (ISO instant). */
  visibleUntil: string;
  /** `linked`: left published because shown documents link to it (core/publish/unpublish.ts). */
  result: 'unpublished' | 'not-configured' | 'failed' | 'linked';
  /** With `linked`: where those links sit. */
  linkedFrom?: { id: string; type: string; field: string }[];
}

export type BuildTrigger =
  | { kind: 'publish' | 'rebuild' | 'daily' | 'other'; documents: TriggerDocument[] }
  /** `refresh`: a release was live at the start (it is served while the build runs). */
  | { kind: 'startup'; documents: TriggerDocument[]; refresh: boolean }
  /** `attempt`: the number of this try of a first build that failed (2, 3, …). */
  | { kind: 'retry'; documents: TriggerDocument[]; attempt: number }
  /**
   * The moment the site changes by itself has come (core/publish/next-change.ts): `at` is that
   * moment, `reasons` everything due since the live build, `unpublish` what became of the
   * documents whose "Sichtbar bis" was reached.
   */
  | { kind: 'scheduled'; documents: TriggerDocument[]; at: string; reasons: ChangeReason[]; unpublish: ScheduledUnpublish[] };

/** The document type the Studio's "Website neu bauen" writes (studio/schemaTypes/singletons/rebuildRequest.ts). */
export const REBUILD_REQUEST_TYPE = 'rebuildRequest';

/** A build for published documents: `rebuild` when they are all rebuild requests; `other` for none. */
export function publishTrigger(documents: TriggerDocument[]): BuildTrigger {
  if (documents.length === 0) return { kind: 'other', documents: [] };
  return { kind: documents.every((doc) => doc._type === REBUILD_REQUEST_TYPE) ? 'rebuild' : 'publish', documents };
}

export const dailyTrigger = (): BuildTrigger => ({ kind: 'daily', documents: [] });
export const startupTrigger = (refresh: boolean): BuildTrigger => ({ kind: 'startup', documents: [], refresh });
export const retryTrigger = (attempt: number): BuildTrigger => ({ kind: 'retry', documents: [], attempt });
export const scheduledTrigger = (at: string, reasons: ChangeReason[], unpublish: ScheduledUnpublish[] = []): BuildTrigger => ({
  kind: 'scheduled',
  documents: unpublish.filter((doc) => doc.result === 'unpublished').map(({ _id, _type }) => ({ _id, _type, operation: 'delete' })),
  at,
  reasons,
  unpublish,
});

/**
 * One trigger for requests that wait for the same build: every document (one entry per `_id`, the
 * latest request's, in arrival order) and, without documents, the first request's reason.
 */
export function mergeTriggers(first: BuildTrigger, next: BuildTrigger): BuildTrigger {
  const documents = [...first.documents];
  for (const doc of next.documents) {
    const index = documents.findIndex((other) => other._id === doc._id);
    if (index >= 0) documents.splice(index, 1);
    documents.push(doc);
  }
  // A scheduled change stays named as such when publishes join its build.
  const scheduled = first.kind === 'scheduled' ? first : next.kind === 'scheduled' ? next : undefined;
  if (scheduled) return { ...scheduled, documents };
  return documents.length > 0 ? publishTrigger(documents) : first;
}

/** A line for the operator's /status and the log: "webhook: update service service.x (+2 more)". */
export function describeTrigger(trigger: BuildTrigger): string {
  switch (trigger.kind) {
    case 'publish':
    case 'rebuild': {
      const [doc, ...more] = trigger.documents;
      if (!doc) return trigger.kind;
      return `webhook: ${doc.operation ?? 'publish'} ${doc._type} ${doc._id}${more.length > 0 ? ` (+${more.length} more)` : ''}`;
    }
    case 'daily':
      return 'daily rebuild';
    case 'startup':
      return trigger.refresh ? 'startup: refresh' : 'startup: no release yet';
    case 'retry':
      return `retry ${trigger.attempt}: no release yet`;
    case 'scheduled':
      return `scheduled change at ${trigger.at}: ${trigger.reasons.map((reason) => reason.kind).join(', ') || 'none'}`;
    case 'other':
      return 'other';
  }
}

/** A JSON object (not null, not an array): what the parsers of the publish model read fields from. */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseTriggerDocument(value: unknown): TriggerDocument | undefined {
  if (!isObject(value)) return undefined;
  const { _id, _type, _rev, operation } = value;
  if (typeof _id !== 'string' || _id === '' || typeof _type !== 'string' || _type === '') return undefined;
  return { _id, _type, ...(typeof _rev === 'string' ? { _rev } : {}), ...(typeof operation === 'string' ? { operation } : {}) };
}

const KINDS: readonly TriggerKind[] = ['publish', 'rebuild', 'daily', 'startup', 'retry', 'scheduled', 'other'];

const UNPUBLISH_RESULTS: readonly ScheduledUnpublish['result'][] = ['unpublished', 'not-configured', 'failed', 'linked'];

function parseScheduledUnpublish(value: unknown): ScheduledUnpublish | undefined {
  if (!isObject(value)) return undefined;
  const { _id, _type, title, visibleUntil, result, linkedFrom } = value;
  if (typeof _id !== 'string' || typeof _type !== 'string' || typeof visibleUntil !== 'string') return undefined;
  if (!UNPUBLISH_RESULTS.includes(result as ScheduledUnpublish['result'])) return undefined;
  const sources = Array.isArray(linkedFrom)
    ? linkedFrom.filter((source): source is { id: string; type: string; field: string } => isObject(source) && typeof source.id === 'string' && typeof source.type === 'string' && typeof source.field === 'string')
    : undefined;
  return { _id, _type, ...(typeof title === 'string' ? { title } : {}), visibleUntil, result: result as ScheduledUnpublish['result'], ...(sources ? { linkedFrom: sources } : {}) };
}

/**
 * Checks a trigger read back from JSON; undefined when it is none. Malformed documents are left
 * out (a trigger is information, never a reason to fail).
 */
export function parseBuildTrigger(value: unknown): BuildTrigger | undefined {
  if (!isObject(value) || !KINDS.includes(value.kind as TriggerKind)) return undefined;
  const documents = Array.isArray(value.documents) ? value.documents.flatMap((doc) => parseTriggerDocument(doc) ?? []) : [];
  const kind = value.kind as TriggerKind;
  if (kind === 'startup') return { kind, documents, refresh: value.refresh === true };
  if (kind === 'retry') return typeof value.attempt === 'number' && Number.isInteger(value.attempt) ? { kind, documents, attempt: value.attempt } : undefined;
  if (kind === 'scheduled') {
    if (typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at))) return undefined;
    const reasons = Array.isArray(value.reasons) ? value.reasons.flatMap((reason) => parseChangeReason(reason) ?? []) : [];
    const unpublish = Array.isArray(value.unpublish) ? value.unpublish.flatMap((doc) => parseScheduledUnpublish(doc) ?? []) : [];
    return { kind, documents, at: value.at, reasons, unpublish };
  }
  return { kind, documents };
}
