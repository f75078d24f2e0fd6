// The mutation semantics of the Content Lake (create, createIfNotExists, createOrReplace,
// delete, patch by id or query, ifRevisionID), applied to a working set that is thrown away
// when any mutation fails, so a transaction is all or nothing. Patches are applied with
// Sanity's own @sanity/mutator (the library the Studio applies them with), not re-implemented.
import { Mutation } from '@sanity/mutator';
import type { RawDocument } from '../../src/lib/sanity/embedded.ts';
import { itemError, LakeError } from './errors.ts';
import { isValidDocumentId, randomId } from './ids.ts';

export type Doc = RawDocument;

type Params = Record<string, unknown>;
export interface Selection {
  id?: string | string[];
  query?: string;
  params?: Params;
}
export type PatchBody = Selection & { ifRevisionID?: string; [operation: string]: unknown };
export type Mut =
  | { create: Partial<Doc> & { _type: string } }
  | { createIfNotExists: Doc }
  | { createOrReplace: Doc }
  | { delete: Selection }
  | { patch: PatchBody };

export type Operation = 'create' | 'update' | 'delete' | 'none';

/** Documents changed so far in a transaction, over the committed ones. */
export class WorkingSet {
  readonly changed = new Map<string, Doc | null>();
  /** Mutations per document id, rewritten to name that id (what listeners receive). */
  readonly mutationsById = new Map<string, Mut[]>();

  private readonly committed: ReadonlyMap<string, Doc>;
  readonly transactionId: string;
  readonly timestamp: string;

  constructor(committed: ReadonlyMap<string, Doc>, transactionId: string, timestamp: string) {
    this.committed = committed;
    this.transactionId = transactionId;
    this.timestamp = timestamp;
  }

  get(id: string): Doc | undefined {
    return this.changed.has(id) ? (this.changed.get(id) ?? undefined) : this.committed.get(id);
  }

  /** Every current document (for patches and deletes by query). */
  all(): Doc[] {
    const docs = new Map(this.committed);
    for (const [id, doc] of this.changed) {
      if (doc) docs.set(id, doc);
      else docs.delete(id);
    }
    return [...docs.values()];
  }

  put(id: string, doc: Doc | null, mutation: Mut): void {
    this.record(id, doc === null ? null : { ...doc, _id: id, _rev: this.transactionId, _updatedAt: this.timestamp }, mutation);
  }

  /**
   * Puts a document exactly as given, system fields included, apart from a missing `_rev` (the
   * transaction's). Only for LakeStore.replaceDocuments, which no request can reach.
   */
  putAsGiven(doc: Doc, mutation: Mut): void {
    this.record(doc._id, typeof doc._rev === 'string' ? { ...doc } : { ...doc, _rev: this.transactionId }, mutation);
  }

  private record(id: string, doc: Doc | null, mutation: Mut): void {
    this.changed.set(id, doc);
    const list = this.mutationsById.get(id) ?? [];
    list.push(mutation);
    this.mutationsById.set(id, list);
  }
}

export interface MutationResult {
  id: string;
  operation: Operation;
}

export type QueryIds = (query: string, params: Params, docs: Doc[]) => Promise<string[]>;

function fail(index: number, type: string, description: string, id?: string, status = 409): never {
  throw itemError(status, 'mutationError', index, type, description, id);
}

function checkDocument(doc: unknown, index: number, kind: string): asserts doc is Doc {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    fail(index, 'invalidDocument', `${kind} needs a document object.`, undefined, 400);
  const { _id, _type } = doc as Partial<Doc>;
  if (typeof _type !== 'string' || _type === '') fail(index, 'invalidDocument', `${kind}: the document needs a string "_type".`, _id, 400);
  if (typeof _id !== 'string' || !isValidDocumentId(_id))
    fail(
      index,
      'invalidDocumentId',
      `${kind}: "${String(_id)}" is not a valid document id (letters, digits, "_", "-" and ".").`,
      undefined,
      400,
    );
}

async function selectIds(selection: Selection, index: number, set: WorkingSet, queryIds: QueryIds): Promise<string[]> {
  if (typeof selection.query === 'string') return queryIds(selection.query, selection.params ?? {}, set.all());
  const ids = Array.isArray(selection.id) ? selection.id : [selection.id];
  if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === ''))
    fail(index, 'invalidSelection', 'Give the document "id" (or a "query").', undefined, 400);
  return ids as string[];
}

function applyPatch(doc: Doc, patch: Omit<PatchBody, keyof Selection | 'ifRevisionID'>, id: string, index: number): Doc {
  try {
    const next = new Mutation({ mutations: [{ patch: { ...patch, id } }] }).apply(doc) as Doc | null;
    if (!next) throw new Error('the patch removed the document');
    return next;
  } catch (error) {
    fail(index, 'invalidPatch', `Patch on "${id}" cannot be applied: ${(error as Error).message}`, id, 400);
  }
}

/** Applies one mutation to the working set; throws a LakeError (nothing applied) when it fails. */
export async function applyMutation(set: WorkingSet, mutation: Mut, index: number, queryIds: QueryIds): Promise<MutationResult[]> {
  if ('create' in mutation) {
    const input = { ...mutation.create };
    const id =
      typeof input._id !== 'string' || input._id === '' ? randomId() : input._id.endsWith('.') ? `${input._id}${randomId()}` : input._id;
    const doc = { ...input, _id: id };
    checkDocument(doc, index, 'create');
    if (set.get(id)) fail(index, 'documentAlreadyExistsError', `Document by ID "${id}" already exists`, id);
    const created = { ...doc, _createdAt: typeof doc._createdAt === 'string' ? doc._createdAt : set.timestamp };
    set.put(id, created, { create: created });
    return [{ id, operation: 'create' }];
  }
  if ('createIfNotExists' in mutation) {
    const doc = { ...mutation.createIfNotExists };
    checkDocument(doc, index, 'createIfNotExists');
    if (set.get(doc._id)) return [{ id: doc._id, operation: 'none' }];
    const created = { ...doc, _createdAt: typeof doc._createdAt === 'string' ? doc._createdAt : set.timestamp };
    set.put(doc._id, created, { createIfNotExists: created });
    return [{ id: doc._id, operation: 'create' }];
  }
  if ('createOrReplace' in mutation) {
    const doc = { ...mutation.createOrReplace };
    checkDocument(doc, index, 'createOrReplace');
    const existing = set.get(doc._id);
    const replaced = { ...doc, _createdAt: existing?._createdAt ?? (typeof doc._createdAt === 'string' ? doc._createdAt : set.timestamp) };
    set.put(doc._id, replaced, { createOrReplace: replaced });
    return [{ id: doc._id, operation: existing ? 'update' : 'create' }];
  }
  if ('delete' in mutation) {
    const ids = await selectIds(mutation.delete, index, set, queryIds);
    // Deleting what is already gone is not an error (the Content Lake answers the same).
    return ids.map((id) => {
      if (set.get(id)) set.put(id, null, { delete: { id } });
      return { id, operation: 'delete' as const };
    });
  }
  if ('patch' in mutation) {
    const { id: _id, query: _query, params: _params, ifRevisionID, ...operations } = mutation.patch;
    const ids = await selectIds(mutation.patch, index, set, queryIds);
    return ids.map((id) => {
      const doc = set.get(id);
      if (!doc) fail(index, 'documentNotFoundError', `Document "${id}" not found`, id, 404);
      if (typeof ifRevisionID === 'string' && doc._rev !== ifRevisionID)
        fail(index, 'conflictError', `Document "${id}" has unexpected revision ID ("${String(doc._rev)}"), expected "${ifRevisionID}"`, id);
      const next = applyPatch(doc, operations, id, index);
      set.put(id, next, { patch: { ...operations, id } });
      return { id, operation: 'update' as const };
    });
  }
  throw new LakeError(
    400,
    'mutationError',
    `Mutation ${index} is not one of create, createIfNotExists, createOrReplace, delete, patch: ${JSON.stringify(mutation).slice(0, 200)}`,
  );
}

/** Adds a random `_key` to every object in an array that has none (the API's `autoGenerateArrayKeys`). */
export function withArrayKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => {
      const keyed = withArrayKeys(item);
      return keyed && typeof keyed === 'object' && !Array.isArray(keyed) && !('_key' in keyed) ? { _key: randomId(12), ...keyed } : keyed;
    }) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withArrayKeys(child)])) as T;
  }
  return value;
}
