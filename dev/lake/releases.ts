// Content Releases as the Content Lake keeps them: a release is a system document
// `_.releases.<name>` (`_type: 'system.release'`, `state`, `metadata` with title, releaseType
// asap/scheduled/undecided and intendedPublishAt); its documents are versions
// `versions.<name>.<id>`. Publishing a release replaces every published document with its
// version (or removes it, for a version marked `_system.delete`) in one transaction: all or
// nothing. A scheduled release is locked and published by the scheduler at `publishAt`; when its
// publish fails (a reference to a document that no longer exists), nothing is published and the
// release is active again with an error the Studio shows the editor, in German.
import { isVersionId, publishedIdOf, releaseOf, versionIdOf } from '../../core/sanity/ids.ts';
import { fail, mutate, stringField, withoutSystemFields, type Action, type ActionHandler } from './action-kit.ts';
import { LakeError } from './errors.ts';
import { LOCAL_USER } from './identity.ts';
import type { Doc, MutationResult, QueryIds, WorkingSet } from './mutations.ts';
import type { LakeStore } from './store.ts';

export const RELEASE_DOCUMENT_TYPE = 'system.release';
export const RELEASE_ID_PREFIX = '_.releases.';
const RELEASE_TYPES = ['asap', 'scheduled', 'undecided'] as const;
type ReleaseState = 'active' | 'scheduled' | 'published' | 'archived';

export interface ReleaseDocument extends Doc {
  name: string;
  state: ReleaseState;
  metadata: { title?: string; description?: string; releaseType: (typeof RELEASE_TYPES)[number]; intendedPublishAt?: string; [key: string]: unknown };
  publishAt?: string;
  publishedAt?: string;
  finalDocumentStates?: { id: string }[];
  error?: { message: string };
}

export const releaseDocumentId = (name: string): string => `${RELEASE_ID_PREFIX}${name}`;

export function isReleaseDocument(doc: Doc | null | undefined): doc is ReleaseDocument {
  return Boolean(doc && doc._type === RELEASE_DOCUMENT_TYPE && doc._id.startsWith(RELEASE_ID_PREFIX));
}

/** The release's name for people: its title, or „ohne Titel“. */
function releaseTitle(release: ReleaseDocument): string {
  const title = typeof release.metadata?.title === 'string' ? release.metadata.title.trim() : '';
  return title === '' ? 'ohne Titel' : title;
}

/** A document's name for people: its German title where it has one, else its id. */
function documentLabel(doc: Doc): string {
  for (const field of ['title', 'name', 'headline']) {
    const value = doc[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
    const german = (value as { de?: unknown } | undefined)?.de;
    if (typeof german === 'string' && german.trim() !== '') return german;
  }
  return publishedIdOf(doc._id);
}

function getRelease(set: WorkingSet, name: string): ReleaseDocument | undefined {
  const doc = set.get(releaseDocumentId(name));
  return isReleaseDocument(doc) ? doc : undefined;
}

function requireRelease(set: WorkingSet, action: Action, index: number): ReleaseDocument {
  const name = stringField(action, 'releaseId', index);
  const release = getRelease(set, name);
  if (!release) fail(index, 'documentNotFoundError', `Es gibt keine Veröffentlichung mit der Kennung „${name}“ (release "${name}" not found).`, 404);
  return release;
}

function requireState(release: ReleaseDocument, states: readonly ReleaseState[], index: number, what: string): void {
  if (states.includes(release.state)) return;
  const now: Record<ReleaseState, string> = {
    active: 'noch offen',
    scheduled: 'geplant – heben Sie zuerst die Planung auf',
    published: 'bereits veröffentlicht',
    archived: 'archiviert – stellen Sie sie zuerst wieder her',
  };
  fail(index, 'releaseStateError', `Die Veröffentlichung „${releaseTitle(release)}“ kann nicht ${what} werden: sie ist ${now[release.state]}.`);
}

/** A release's documents may change only while it is open: never while scheduled, published or archived. */
export function assertReleaseOpen(set: WorkingSet, versionId: string, index: number): void {
  const name = releaseOf(versionId);
  if (name === undefined) return;
  const release = getRelease(set, name);
  if (!release) fail(index, 'documentNotFoundError', `Es gibt keine Veröffentlichung mit der Kennung „${name}“; legen Sie sie zuerst an.`, 404);
  if (release.state === 'scheduled')
    fail(index, 'releaseLockedError', `Die Veröffentlichung „${releaseTitle(release)}“ ist geplant und deshalb gesperrt. Heben Sie die Planung auf, um ihre Dokumente zu ändern.`);
  if (release.state !== 'active') requireState(release, ['active'], index, 'geändert');
}

/**
 * Checks a transaction before it commits: no version of a scheduled release changed, and none
 * was added to a published or archived one (their own publish and archive remove versions).
 * Versions without a release document (fixtures, older data) are not guarded.
 */
export function assertUnlocked(set: WorkingSet): void {
  for (const [id, doc] of set.changed) {
    const name = releaseOf(id);
    if (name === undefined || !isVersionId(id)) continue;
    const release = getRelease(set, name);
    if (!release) continue;
    if (release.state === 'scheduled')
      throw new LakeError(409, 'releaseLockedError', `Die Veröffentlichung „${releaseTitle(release)}“ ist geplant und deshalb gesperrt. Heben Sie die Planung auf, um „${publishedIdOf(id)}“ darin zu ändern.`);
    if (doc !== null && release.state !== 'active')
      throw new LakeError(409, 'releaseStateError', `Die Veröffentlichung „${releaseTitle(release)}“ ist ${release.state === 'published' ? 'bereits veröffentlicht' : 'archiviert'}; ihre Dokumente lassen sich nicht mehr ändern.`);
  }
}

/** Every strong reference in a value (`_ref` without `_weak: true`). */
function strongReferences(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) strongReferences(item, found);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record._ref === 'string' && record._weak !== true) found.add(record._ref);
    for (const [key, child] of Object.entries(record)) if (key !== '_system') strongReferences(child, found);
  }
  return found;
}

const isUnpublish = (version: Doc): boolean => (version._system as { delete?: unknown } | undefined)?.delete === true;

/**
 * What keeps a release from being published, in sentences for the editor: a document that
 * refers to one that will not exist afterwards (deleted meanwhile, or unpublished by this
 * release), as the Content Lake refuses a strong reference to nothing.
 */
function publishProblems(set: WorkingSet, versions: Doc[]): string[] {
  const unpublished = new Set(versions.filter(isUnpublish).map((version) => publishedIdOf(version._id)));
  const published = new Set(versions.filter((version) => !isUnpublish(version)).map((version) => publishedIdOf(version._id)));
  const exists = (id: string) => published.has(id) || (!unpublished.has(id) && !isVersionId(id) && set.get(id) !== undefined);
  const problems: string[] = [];
  for (const version of versions) {
    if (isUnpublish(version)) continue;
    for (const ref of strongReferences(version)) {
      if (!exists(ref))
        problems.push(`„${documentLabel(version)}“ verweist auf ein Dokument, das es dann nicht gibt (${ref}). Entfernen Sie den Verweis oder nehmen Sie das Dokument in die Veröffentlichung auf.`);
    }
  }
  if (unpublished.size > 0) {
    for (const doc of set.all()) {
      if (isVersionId(doc._id) || doc._id.startsWith('drafts.') || unpublished.has(doc._id) || published.has(doc._id)) continue;
      for (const ref of strongReferences(doc))
        if (unpublished.has(ref)) problems.push(`„${documentLabel(doc)}“ verweist auf „${ref}“, das diese Veröffentlichung zurückziehen würde.`);
    }
  }
  return problems;
}

/** Publishes every version of `release` onto its published document, in the working set. */
async function publishRelease(set: WorkingSet, release: ReleaseDocument, index: number, queryIds: QueryIds): Promise<MutationResult[]> {
  const versions = set.all().filter((doc) => releaseOf(doc._id) === release.name && isVersionId(doc._id));
  const title = releaseTitle(release);
  if (versions.length === 0)
    fail(index, 'releaseValidationError', `Die Veröffentlichung „${title}“ enthält keine Dokumente. Fügen Sie zuerst ein Dokument hinzu.`);
  const problems = publishProblems(set, versions);
  if (problems.length > 0)
    fail(index, 'releaseValidationError', `Die Veröffentlichung „${title}“ wurde nicht veröffentlicht, nichts ist online gegangen: ${problems.join(' ')}`);
  const results: MutationResult[] = [];
  for (const version of versions) {
    const publishedId = publishedIdOf(version._id);
    if (isUnpublish(version)) {
      results.push(...(await mutate(set, { delete: { id: publishedId } }, index, queryIds)));
    } else {
      const { _system, ...content } = withoutSystemFields(version, publishedId);
      const existing = set.get(publishedId);
      if (existing?._createdAt) content._createdAt = existing._createdAt;
      results.push(...(await mutate(set, { createOrReplace: content }, index, queryIds)));
    }
    await mutate(set, { delete: { id: version._id } }, index, queryIds);
  }
  await updateRelease(set, release, { state: 'published', publishedAt: set.timestamp, finalDocumentStates: versions.map((version) => ({ id: version._id })) }, ['error'], index, queryIds);
  return results;
}

/** Replaces the release document with `changes` applied (system fields renewed by the working set). */
async function updateRelease(set: WorkingSet, release: ReleaseDocument, changes: Partial<ReleaseDocument>, remove: readonly string[], index: number, queryIds: QueryIds) {
  const next: Record<string, unknown> = { ...withoutSystemFields(release, release._id), ...changes };
  for (const key of remove) delete next[key];
  return mutate(set, { createOrReplace: next as Doc }, index, queryIds);
}

function checkReleaseType(value: unknown, index: number): void {
  if (value !== undefined && !RELEASE_TYPES.includes(value as (typeof RELEASE_TYPES)[number]))
    fail(index, 'validationError', `metadata.releaseType must be one of ${RELEASE_TYPES.join(', ')}, not ${JSON.stringify(value)}.`, 400);
}

/** Only the release's metadata may be edited; state and schedule change through their actions. */
function checkMetadataPatch(patch: Record<string, unknown>, index: number): void {
  for (const [operation, value] of Object.entries(patch)) {
    const paths = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.keys(value) : [];
    for (const path of paths)
      if (typeof path !== 'string' || !/^metadata($|[.[])/.test(path))
        fail(index, 'validationError', `sanity.action.release.edit may change "metadata" only, not "${String(path)}" (${operation}).`, 400);
  }
}

export const RELEASE_ACTIONS: Record<string, ActionHandler> = {
  async 'sanity.action.release.create'(set, action, index, queryIds) {
    const name = stringField(action, 'releaseId', index);
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) fail(index, 'validationError', `"${name}" is not a valid release id (letters, digits, "_" and "-").`, 400);
    const metadata = (action.metadata ?? {}) as Record<string, unknown>;
    if (typeof metadata !== 'object' || Array.isArray(metadata)) fail(index, 'validationError', 'sanity.action.release.create: "metadata" must be an object.', 400);
    checkReleaseType(metadata.releaseType, index);
    if (set.get(releaseDocumentId(name))) fail(index, 'documentAlreadyExistsError', `Release "${name}" already exists.`);
    return mutate(
      set,
      { create: { _id: releaseDocumentId(name), _type: RELEASE_DOCUMENT_TYPE, name, state: 'active', metadata: { ...metadata, releaseType: metadata.releaseType ?? 'undecided' } } },
      index,
      queryIds,
    );
  },

  async 'sanity.action.release.edit'(set, action, index, queryIds) {
    const release = requireRelease(set, action, index);
    requireState(release, ['active', 'scheduled'], index, 'bearbeitet');
    const patch = (action.patch ?? {}) as Record<string, unknown>;
    checkMetadataPatch(patch, index);
    const results = await mutate(set, { patch: { ...patch, id: release._id } }, index, queryIds);
    checkReleaseType((set.get(release._id) as ReleaseDocument).metadata?.releaseType, index);
    return results;
  },

  async 'sanity.action.release.publish'(set, action, index, queryIds) {
    const release = requireRelease(set, action, index);
    requireState(release, ['active'], index, 'veröffentlicht');
    return publishRelease(set, release, index, queryIds);
  },

  async 'sanity.action.release.schedule'(set, action, index, queryIds) {
    const release = requireRelease(set, action, index);
    requireState(release, ['active'], index, 'geplant');
    const publishAt = stringField(action, 'publishAt', index);
    const at = Date.parse(publishAt);
    if (Number.isNaN(at)) fail(index, 'validationError', `"publishAt" must be a date and time (ISO 8601), not "${publishAt}".`, 400);
    // A time already past publishes at once (as Sanity's API does).
    if (at <= Date.parse(set.timestamp)) return publishRelease(set, release, index, queryIds);
    if (!set.all().some((doc) => releaseOf(doc._id) === release.name))
      fail(index, 'releaseValidationError', `Die Veröffentlichung „${releaseTitle(release)}“ enthält keine Dokumente. Fügen Sie zuerst ein Dokument hinzu.`);
    return updateRelease(set, release, { state: 'scheduled', publishAt: new Date(at).toISOString() }, ['error'], index, queryIds);
  },

  async 'sanity.action.release.unschedule'(set, action, index, queryIds) {
    const release = requireRelease(set, action, index);
    requireState(release, ['scheduled'], index, 'entplant');
    return updateRelease(set, release, { state: 'active' }, ['publishAt'], index, queryIds);
  },

  // Archiving removes the versions; the release remembers which (finalDocumentStates), so
  // unarchiving restores them from the transaction log.
  async 'sanity.action.release.archive'(set, action, index, queryIds) {
    const release = requireRelease(set, action, index);
    requireState(release, ['active'], index, 'archiviert');
    const versions = set.all().filter((doc) => releaseOf(doc._id) === release.name && isVersionId(doc._id));
    for (const version of versions) await mutate(set, { delete: { id: version._id } }, index, queryIds);
    return updateRelease(set, release, { state: 'archived', finalDocumentStates: versions.map((version) => ({ id: version._id })) }, ['error'], index, queryIds);
  },

  async 'sanity.action.release.unarchive'(set, action, index, queryIds, lastRevision) {
    const release = requireRelease(set, action, index);
    requireState(release, ['archived'], index, 'wiederhergestellt');
    const results = await updateRelease(set, release, { state: 'active' }, ['finalDocumentStates'], index, queryIds);
    for (const { id } of release.finalDocumentStates ?? []) {
      const last = lastRevision?.(id);
      if (last && !set.get(id)) results.push(...(await mutate(set, { create: withoutSystemFields(last, versionIdOf(id, release.name)) }, index, queryIds)));
    }
    return results;
  },

  async 'sanity.action.release.delete'(set, action, index, queryIds) {
    const release = requireRelease(set, action, index);
    requireState(release, ['archived', 'published'], index, 'gelöscht');
    return mutate(set, { delete: { id: release._id } }, index, queryIds);
  },
};

/** The clock of the lake: the time, and a timer (tests pass one they advance themselves). */
export interface LakeClock {
  now(): number;
  /** Runs `run` after `ms`; returns a function that cancels it. */
  setTimer(run: () => void, ms: number): () => void;
}

export const systemClock: LakeClock = {
  now: () => Date.now(),
  setTimer(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** The longest the scheduler sleeps before looking again (a changed system clock is noticed). */
const MAX_SLEEP_MS = 60_000;

export interface ReleaseScheduler {
  /** Publishes every scheduled release that is due now; resolves when done. */
  runDue(): Promise<void>;
  /** Resolves when no scheduled publish is running. */
  idle(): Promise<void>;
  close(): void;
}

/**
 * Publishes scheduled releases at their `publishAt`: a timer for the next one due, set again
 * after every change of a release. A publish that fails leaves every document as it was and
 * makes the release active again, with the reason in `error.message`.
 */
export function createReleaseScheduler(options: {
  store: LakeStore;
  clock: LakeClock;
  queryIds: QueryIds;
  log: (event: Record<string, unknown>) => void;
}): ReleaseScheduler {
  const { store, clock, queryIds, log } = options;
  let cancel: (() => void) | undefined;
  let closed = false;
  let running: Promise<void> = Promise.resolve();

  const scheduled = (): ReleaseDocument[] =>
    [...store.all()].filter((doc): doc is ReleaseDocument => isReleaseDocument(doc) && doc.state === 'scheduled' && typeof doc.publishAt === 'string');

  function arm(): void {
    cancel?.();
    cancel = undefined;
    if (closed) return;
    const due = Math.min(...scheduled().map((release) => Date.parse(release.publishAt!)).filter((at) => !Number.isNaN(at)));
    if (!Number.isFinite(due)) return;
    cancel = clock.setTimer(() => void run(), Math.max(0, Math.min(due - clock.now(), MAX_SLEEP_MS)));
  }

  async function publishDue(): Promise<void> {
    for (const release of scheduled()) {
      if (Date.parse(release.publishAt!) > clock.now()) continue;
      try {
        await store.transact(
          async (set) => {
            const current = getRelease(set, release.name);
            // Unscheduled or published meanwhile: nothing to do.
            if (!current || current.state !== 'scheduled') return [];
            return publishRelease(set, current, 0, queryIds);
          },
          { author: LOCAL_USER.id },
        );
        log({ event: 'release-published', release: release.name });
      } catch (error) {
        const message = error instanceof LakeError ? (error.items[0]?.error.description ?? error.message) : `Die Veröffentlichung „${releaseTitle(release)}“ ist fehlgeschlagen: ${(error as Error).message}`;
        log({ event: 'release-failed', release: release.name, message });
        await store.transact(
          async (set) => {
            const current = getRelease(set, release.name);
            if (!current || current.state !== 'scheduled') return [];
            return updateRelease(set, current, { state: 'active', error: { message } }, ['publishAt'], 0, queryIds);
          },
          { author: LOCAL_USER.id },
        );
      }
    }
  }

  function run(): Promise<void> {
    running = running.then(publishDue).catch((error: unknown) => log({ event: 'release-scheduler-error', error: (error as Error).message }));
    return running.then(arm);
  }

  const unsubscribe = store.onTransaction(({ changes }) => {
    if (changes.some(({ id }) => id.startsWith(RELEASE_ID_PREFIX))) arm();
  });
  arm();
  return {
    runDue: run,
    idle: () => running,
    close() {
      closed = true;
      unsubscribe();
      cancel?.();
    },
  };
}
