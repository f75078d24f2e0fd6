// The lake's state: documents by id, the transaction log (history, revisions) and the
// listeners. A transaction runs on a working set and is committed all at once or not at all;
// commits run one after the other. The transaction log is a write-ahead log: a transaction is
// appended and synced to disk (fdatasync) before it changes anything in memory or is answered,
// so an acknowledged write survives `kill -9` and a power cut. documents.ndjson is a checkpoint,
// rewritten (temporary file, rename) after commits, at most one write at a time; at start the
// log is replayed over it, and a torn last line (a crash mid-append: never acknowledged) is
// dropped with a warning.
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, truncate, writeFile, type FileHandle } from 'node:fs/promises';
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
  /** Revisions of documents kept as given (replaceDocuments) where they differ from `id`, for replay. */
  revisions?: Record<string, string>;
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
  private log: { file: FileHandle; size: number } | undefined;
  private snapshot: Promise<void> = Promise.resolve();
  private snapshotDue = false;
  private snapshotRunning = false;
  /** Reports what a start repaired (a torn last line); default console.warn. */
  warn: (message: string) => void = (message) => console.warn(message);

  readonly dir: string | null;
  /** The time of a transaction (`_updatedAt`, history): the lake's clock, which tests control. */
  private readonly now: () => number;

  /** `dir` null keeps everything in memory (unit tests). */
  constructor(dir: string | null, now: () => number = Date.now) {
    this.dir = dir;
    this.now = now;
  }

  /** Loads the state written by an earlier run; false when there is none yet. */
  async load(): Promise<boolean> {
    if (!this.dir) return false;
    const documentsFile = path.join(this.dir, DOCUMENTS_FILE);
    const text = await readFile(documentsFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text !== undefined) for (const doc of parseNdjson(text, documentsFile)) this.documents.set(doc._id, doc);
    const logged = await this.readLog();
    // The log is the truth; the checkpoint may lag behind it by the last commits.
    for (const record of this.history) {
      for (const [id, effect] of Object.entries(record.effects)) {
        const after = effect.apply[1] as Doc | null;
        if (after) this.documents.set(id, { ...after, _rev: record.revisions?.[id] ?? record.id });
        else this.documents.delete(id);
      }
    }
    return text !== undefined || logged;
  }

  /**
   * Reads the transaction log into the history. A last line cut short by a crash is removed from
   * the file (it was never acknowledged: the append had not been synced); a bad line before the
   * last one is damage that no crash causes, and stops the start with its line number.
   */
  private async readLog(): Promise<boolean> {
    const file = path.join(this.dir!, TRANSACTIONS_FILE);
    const size = await stat(file).then(
      (info) => info.size,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    if (size === undefined) return false;
    let offset = 0;
    let lineNumber = 0;
    let torn: { line: number; offset: number } | undefined;
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNumber += 1;
      const start = offset;
      offset += Buffer.byteLength(line) + 1;
      if (!line.trim()) continue;
      if (torn)
        throw new Error(
          `lake: line ${torn.line} of ${file} is not a complete transaction, and more follow it. The log is damaged; move the file away or run npm run lake:reset to start over.`,
        );
      try {
        this.history.push(JSON.parse(line) as TransactionRecord);
      } catch {
        torn = { line: lineNumber, offset: start };
      }
    }
    if (torn) {
      await truncate(file, torn.offset);
      this.warn(
        `lake: the last line (${lineNumber}) of ${file} was cut short by a crash and is removed; it had not been acknowledged. The ${this.history.length} transactions before it are kept.`,
      );
    } else if (offset > size) {
      // The last transaction is whole but its newline was not written: complete the line.
      const handle = await open(file, 'a');
      await handle.appendFile('\n');
      await handle.close();
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
      const set = new WorkingSet(this.documents, id, new Date(this.now()).toISOString());
      const results = await build(set);
      return await this.commit(set, results, author);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `build` as transact() does but commits nothing (the API's `dryRun`: the Studio asks
   * whether an action would succeed, e.g. before it offers "Neues Release"). Throws as a commit would.
   */
  dryRun(build: (set: WorkingSet) => Promise<MutationResult[]>): Promise<{ transactionId: string; results: MutationResult[] }> {
    const run = this.queue.then(async () => {
      const set = new WorkingSet(this.documents, randomId(), new Date(this.now()).toISOString());
      return { transactionId: set.transactionId, results: await build(set) };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async commit(set: WorkingSet, results: MutationResult[], author: string): Promise<CommittedTransaction> {
    const changes: DocumentChange[] = [];
    for (const [id, after] of set.changed) {
      const before = this.documents.get(id) ?? null;
      if (before === null && after === null) continue;
      changes.push({ id, before, after, mutations: set.mutationsById.get(id) ?? [] });
    }
    const revisions = Object.fromEntries(
      changes.flatMap(({ id, after }) => (after && after._rev !== set.transactionId ? [[id, String(after._rev)]] : [])),
    );
    const record: TransactionRecord = {
      id: set.transactionId,
      timestamp: set.timestamp,
      author,
      documentIds: changes.map(({ id }) => id),
      mutations: changes.flatMap(({ mutations }) => mutations),
      effects: Object.fromEntries(changes.map(({ id, before, after }) => [id, effectOf(before, after)])),
      ...(Object.keys(revisions).length > 0 ? { revisions } : {}),
    };
    const committed = { record, changes, results };
    if (changes.length === 0) return committed;
    // Durable first: when the log cannot be written, the transaction fails and nothing changed.
    await this.appendToLog(record);
    for (const { id, after } of changes) {
      if (after) this.documents.set(id, after);
      else this.documents.delete(id);
    }
    this.history.push(record);
    this.scheduleSnapshot();
    for (const listener of this.listeners) listener(committed);
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

  /** The last revision of a document that existed, from the transaction log (also after its deletion). */
  lastRevision(id: string): Doc | undefined {
    let found: Doc | undefined;
    for (const record of this.transactionsFor([id])) {
      const after = record.effects[id]?.apply[1] as Doc | null | undefined;
      if (after) found = { ...after, _rev: record.revisions?.[id] ?? record.id };
    }
    return found;
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

  /** Waits until the checkpoint holds everything committed so far (the log always does). */
  async flushed(): Promise<void> {
    while (this.snapshotRunning || this.snapshotDue) await this.snapshot;
  }

  /** Closes the log file (a closed store opens it again at its next commit). */
  async close(): Promise<void> {
    await this.flushed();
    const log = this.log;
    this.log = undefined;
    await log?.file.close();
  }

  /** Appends one transaction to the log and syncs it to disk; a failed append is cut off again. */
  private async appendToLog(record: TransactionRecord): Promise<void> {
    const dir = this.dir;
    if (!dir) return;
    if (!this.log) {
      await mkdir(dir, { recursive: true });
      const file = await open(path.join(dir, TRANSACTIONS_FILE), 'a');
      this.log = { file, size: (await file.stat()).size };
      // A new file's name must survive a power cut too.
      const folder = await open(dir, 'r');
      await folder.sync().finally(() => folder.close());
    }
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    try {
      await this.log.file.appendFile(line);
      await this.log.file.datasync();
      this.log.size += line.length;
    } catch (error) {
      await this.log.file.truncate(this.log.size).catch(() => undefined);
      throw new Error(`lake: could not write the transaction to ${path.join(dir, TRANSACTIONS_FILE)}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Rewrites the checkpoint after commits; commits during a write are covered by one more. */
  private scheduleSnapshot(): void {
    if (!this.dir) return;
    this.snapshotDue = true;
    if (this.snapshotRunning) return;
    this.snapshotRunning = true;
    const dir = this.dir;
    this.snapshot = (async () => {
      while (this.snapshotDue) {
        this.snapshotDue = false;
        const docs = [...this.documents.values()];
        try {
          const temp = path.join(dir, `${DOCUMENTS_FILE}.${process.pid}.tmp`);
          await writeFile(temp, docs.map((doc) => JSON.stringify(doc)).join('\n') + '\n');
          await rename(temp, path.join(dir, DOCUMENTS_FILE));
        } catch (error) {
          // The log holds every commit; the next commit writes the checkpoint again.
          console.error(`lake: could not write the checkpoint ${path.join(dir, DOCUMENTS_FILE)}: ${(error as Error).message}`);
        }
      }
      this.snapshotRunning = false;
    })();
  }
}

export type { RawDocument };
