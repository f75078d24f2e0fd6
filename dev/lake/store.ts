// The lake's state: documents by id, the transaction log (history, revisions) and the
// listeners. A transaction runs on a working set and is committed all at once or not at all;
// commits run one after the other. State is written to disk after every commit (documents as
// NDJSON, written to a temporary file and renamed; the transaction log appended), so a second
// start continues where the first stopped.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseNdjson, type RawDocument } from '../../src/lib/sanity/embedded.ts';
import { LOCAL_USER } from './identity.ts';
import { randomId } from './ids.ts';
import { WorkingSet, type Doc, type Mut, type MutationResult } from './mutations.ts';

/** Mendoza patches: `[0, value]` replaces the whole document (value null: no document). */
export interface Effect {
  apply: unknown[];
  revert: unknown[];
}

export interface DocumentChange {
  id: string;
  before: Doc | null;
  after: Doc | null;
  /** The transaction's mutations on this document, written against its id. */
  mutations: Mut[];
}

export interface TransactionRecord {
  id: string;
  timestamp: string;
  author: string;
  documentIds: string[];
  mutations: Mut[];
  effects: Record<string, Effect>;
}

export interface CommittedTransaction {
  record: TransactionRecord;
  changes: DocumentChange[];
  results: MutationResult[];
}

export type TransactionListener = (transaction: CommittedTransaction) => void;

const DOCUMENTS_FILE = 'documents.ndjson';
const TRANSACTIONS_FILE = 'transactions.ndjson';

/** The mendoza effect of a change; documents are compared without `_rev`, as the Studio does. */
function effectOf(before: Doc | null, after: Doc | null): Effect {
  const strip = (doc: Doc | null) => {
    if (!doc) return null;
    const { _rev, ...rest } = doc;
    return rest;
  };
  return { apply: [0, strip(after)], revert: [0, strip(before)] };
}

/** Whether `given` says what `stored` holds; without a `_rev` of its own, the stored one is not compared. */
function sameDocument(stored: Doc, given: Doc): boolean {
  if (given._rev !== undefined) return JSON.stringify(stored) === JSON.stringify(given);
  const { _rev, ...rest } = stored;
  return JSON.stringify(rest) === JSON.stringify(given);
}

export class LakeStore {
  readonly documents = new Map<string, Doc>();
  private readonly history: TransactionRecord[] = [];
  private readonly listeners = new Set<TransactionListener>();
  private queue: Promise<unknown> = Promise.resolve();
  private writes: Promise<void> = Promise.resolve();

  readonly dir: string | null;

  /** `dir` null keeps everything in memory (unit tests). */
  constructor(dir: string | null) {
    this.dir = dir;
  }

  /** Loads the state written by an earlier run; false when there is none yet. */
  async load(): Promise<boolean> {
    if (!this.dir) return false;
    let text: string;
    try {
      text = await readFile(path.join(this.dir, DOCUMENTS_FILE), 'utf8');
    } catch {
      return false;
    }
    for (const doc of parseNdjson(text, path.join(this.dir, DOCUMENTS_FILE))) this.documents.set(doc._id, doc);
    try {
      const lines = createInterface({ input: createReadStream(path.join(this.dir, TRANSACTIONS_FILE)), crlfDelay: Infinity });
      for await (const line of lines) if (line.trim()) this.history.push(JSON.parse(line) as TransactionRecord);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return true;
  }

  /**
   * Starts an empty store with `docs` as its state, as load() starts it from disk: no transaction,
   * no history (so 10,000 fixtures cost no second copy). Kept as given; a document without `_rev`
   * gets a random one. With a state directory they are written at the next commit.
   */
  loadDocuments(docs: readonly Doc[]): void {
    if (this.documents.size > 0) throw new Error('loadDocuments starts an empty store; use replaceDocuments to change one.');
    for (const doc of docs) this.documents.set(doc._id, typeof doc._rev === 'string' ? { ...doc } : { ...doc, _rev: randomId() });
  }

  get(id: string): Doc | undefined {
    return this.documents.get(id);
  }

  all(): IterableIterator<Doc> {
    return this.documents.values();
  }

  onTransaction(listener: TransactionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs `build` on a fresh working set and commits what it changed as one transaction.
   * When `build` throws, nothing is committed and the error is passed on.
   */
  transact(
    build: (set: WorkingSet) => Promise<MutationResult[]>,
    { transactionId, author }: { transactionId?: string; author: string },
  ): Promise<CommittedTransaction> {
    const run = this.queue.then(async () => {
      const id = transactionId && /^[\w-]{1,64}$/.test(transactionId) ? transactionId : randomId();
      const set = new WorkingSet(this.documents, id, new Date().toISOString());
      const results = await build(set);
      return this.commit(set, results, author);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private commit(set: WorkingSet, results: MutationResult[], author: string): CommittedTransaction {
    const changes: DocumentChange[] = [];
    for (const [id, after] of set.changed) {
      const before = this.documents.get(id) ?? null;
      if (before === null && after === null) continue;
      changes.push({ id, before, after, mutations: set.mutationsById.get(id) ?? [] });
    }
    for (const { id, after } of changes) {
      if (after) this.documents.set(id, after);
      else this.documents.delete(id);
    }
    const record: TransactionRecord = {
      id: set.transactionId,
      timestamp: set.timestamp,
      author,
      documentIds: changes.map(({ id }) => id),
      mutations: changes.flatMap(({ mutations }) => mutations),
      effects: Object.fromEntries(changes.map(({ id, before, after }) => [id, effectOf(before, after)])),
    };
    const committed = { record, changes, results };
    if (changes.length > 0) {
      this.history.push(record);
      this.persist(record);
      for (const listener of this.listeners) listener(committed);
    }
    return committed;
  }

  /**
   * Makes the dataset exactly `docs` in one transaction, as if editors had created, edited and
   * deleted documents: listeners, history and the webhook see it like any other. For fixtures
   * (tests, the bench), never reachable over HTTP. Documents are kept as given, system fields
   * included, so a fixture can pin `_rev` and `_updatedAt`; one without `_rev` gets the
   * transaction's. A document equal to the stored one (apart from the `_rev` the lake gave it)
   * is left alone, so its revision stays.
   */
  replaceDocuments(docs: readonly Doc[], author: string = LOCAL_USER.id): Promise<CommittedTransaction> {
    return this.transact(
      async (set) => {
        const results: MutationResult[] = [];
        const given = new Map(docs.map((doc) => [doc._id, doc]));
        for (const id of this.documents.keys()) {
          if (given.has(id)) continue;
          set.put(id, null, { delete: { id } });
          results.push({ id, operation: 'delete' });
        }
        for (const doc of given.values()) {
          const stored = this.documents.get(doc._id);
          if (stored && sameDocument(stored, doc)) continue;
          set.putAsGiven(doc, { createOrReplace: doc });
          results.push({ id: doc._id, operation: stored ? 'update' : 'create' });
        }
        return results;
      },
      { author },
    );
  }

  /** Transactions that touched any of `ids`, oldest first. */
  transactionsFor(ids: readonly string[]): TransactionRecord[] {
    const wanted = new Set(ids);
    return this.history.filter((record) => record.documentIds.some((id) => wanted.has(id)));
  }

  /** The document as it was right after transaction `revision` (history's "revision" view). */
  documentAt(id: string, revision: string): Doc | null | undefined {
    const record = this.history.find((entry) => entry.id === revision && id in entry.effects);
    if (!record) return undefined;
    const after = record.effects[id]!.apply[1] as Doc | null;
    return after ? { ...after, _rev: record.id } : null;
  }

  /** The document as it was at `time` (ISO date), from the transaction log. */
  documentAtTime(id: string, time: string): Doc | null {
    let found: Doc | null = null;
    for (const record of this.history) {
      if (record.timestamp > time) break;
      const effect = record.effects[id];
      if (effect) found = effect.apply[1] ? { ...(effect.apply[1] as Doc), _rev: record.id } : null;
    }
    return found;
  }

  /** Waits until everything committed so far is on disk. */
  flushed(): Promise<void> {
    return this.writes;
  }

  private persist(record: TransactionRecord): void {
    const dir = this.dir;
    if (!dir) return;
    const snapshot = [...this.documents.values()];
    const write = this.writes.then(async () => {
      await mkdir(dir, { recursive: true });
      await appendFile(path.join(dir, TRANSACTIONS_FILE), `${JSON.stringify(record)}\n`);
      const temp = path.join(dir, `${DOCUMENTS_FILE}.${process.pid}.tmp`);
      await writeFile(temp, snapshot.map((doc) => JSON.stringify(doc)).join('\n') + '\n');
      await rename(temp, path.join(dir, DOCUMENTS_FILE));
    });
    // A failed write is reported and the next commit writes the whole state again.
    this.writes = write.catch((error: unknown) => console.error(`lake: could not write the state to ${dir}: ${(error as Error).message}`));
  }
}

export type { RawDocument };
