// A local spool in front of the Sanity feedback store, for the publish server: every accepted
// submission is first written to disk (one JSON file per document, written to a temporary name,
// flushed, then linked into place), then sent. When Sanity is unreachable the file stays and is
// sent again with growing pauses (30 s up to 10 min), and on the next start. Sending uses the
// document id of the single-use proof, so a retry of something Sanity already has is recognised
// (`duplicate`) and never stored twice. A full spool refuses new submissions instead of filling
// the disk.
//
// Two refusals do not wait with the rest. When Sanity refuses the receiver's configuration (a
// revoked token: StoreConfigError), nothing new is accepted (503, as the Netlify Function
// answers) and the log names the variable to fix; what the spool already holds stays and is sent
// once Sanity takes it again. When Sanity refuses one document (DocumentRejectedError), its file
// moves to `rejected/` beside the spool with the reason in `<name>.reason.json`, for an operator
// to read, and the files behind it keep flowing. GET /status shows both (status()).
import { access, link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { FeedbackDocument } from '../core/feedback/model.ts';
import { DocumentRejectedError, StoreConfigError, StoreUnavailableError, type FeedbackStore } from '../core/feedback/store.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';
import type { Logger } from '../core/publish/log.ts';

export interface SpoolOptions {
  dir: string;
  inner: FeedbackStore;
  log: Logger;
  /** First pause before a retry; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Most documents kept waiting; beyond it new submissions are refused (503). */
  maxPending?: number;
}

/** What GET /status tells operators about the spool. */
export interface SpoolStatus {
  /** `configuration`: Sanity refuses the receiver's settings, nothing is sent until they are fixed. */
  state: 'sending' | 'waiting' | 'configuration';
  /** Documents on disk that Sanity has not taken yet (as of the last flush or save). */
  waiting: number;
  /** Documents Sanity refused, in `rejectedDir`, each with its reason. */
  rejected: number;
  rejectedDir: string;
  /** What an operator must fix (state `configuration`), or why documents wait. */
  detail: string | null;
}

export interface FeedbackSpool extends FeedbackStore {
  /** Sends every waiting document once now; resolves with how many are still waiting. */
  flush(): Promise<number>;
  status(): SpoolStatus;
  /** Sends what an earlier run left behind and starts the retry timer. */
  start(): Promise<void>;
  stop(): void;
}

const FILE = /^feedback\.[0-9a-f]{32}\.json$/;
/** The dead-letter folder inside the spool directory. */
export const REJECTED_DIR = 'rejected';

export function createFeedbackSpool({ dir, inner, log, retryMs = 30_000, maxRetryMs = 10 * 60_000, maxPending = 5000 }: SpoolOptions): FeedbackSpool {
  let timer: NodeJS.Timeout | undefined;
  let delay = retryMs;
  let flushing: Promise<number> | undefined;
  let stopped = false;
  // Documents that save() is sending right now; a concurrent flush leaves them alone, so the
  // citizen's own request is never answered as a repeat.
  const inFlight = new Set<string>();
  const fileOf = (id: string) => path.join(dir, `${id}.json`);
  const rejectedDir = path.join(dir, REJECTED_DIR);
  const state: SpoolStatus = { state: 'sending', waiting: 0, rejected: 0, rejectedDir, detail: null };

  async function countRejected(): Promise<number> {
    return (await readdir(rejectedDir).catch(() => [] as string[])).filter((name) => FILE.test(name)).length;
  }

  /** Moves a file Sanity will never take out of the way, with why, so the rest keep flowing. */
  async function reject(name: string, reason: { status: number | null; message: string }): Promise<void> {
    await mkdir(rejectedDir, { recursive: true });
    await writeFileAtomic(path.join(rejectedDir, `${name.slice(0, -'.json'.length)}.reason.json`), `${JSON.stringify({ file: name, ...reason, rejectedAt: new Date().toISOString() }, null, 2)}\n`);
    await rename(path.join(dir, name), path.join(rejectedDir, name));
    state.rejected = await countRejected();
    log({ event: 'feedback-spool', status: 422, reason: 'rejected', file: name, httpStatus: reason.status, detail: `${reason.message} The file is kept in ${rejectedDir}.` });
  }

  function configurationError(error: StoreConfigError, waiting: number) {
    state.state = 'configuration';
    state.detail = error.message;
    state.waiting = waiting;
    log({ event: 'feedback-spool', status: 503, reason: 'configuration', waiting, detail: `${error.message} The ${waiting} document(s) in the spool stay and are sent once Sanity takes them.` });
    schedule();
  }

  async function pendingFiles(): Promise<string[]> {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => FILE.test(name));
    const withTimes = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(path.join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
    return withTimes.sort((a, b) => a.mtime - b.mtime).map(({ name }) => name);
  }

  function schedule() {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void spool.flush();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, maxRetryMs);
  }

  async function writeDurably(doc: FeedbackDocument): Promise<boolean> {
    await mkdir(dir, { recursive: true });
    const target = fileOf(doc._id);
    const temporary = path.join(dir, `.${doc._id}.${process.pid}.tmp`);
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(doc));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      // link() fails when the target exists: the same proof was spooled before.
      await link(temporary, target);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }

  async function flushOnce(): Promise<number> {
    const files = await pendingFiles();
    let waiting = files.length;
    for (const name of files) {
      if (inFlight.has(name.slice(0, -'.json'.length))) continue;
      const file = path.join(dir, name);
      let doc: FeedbackDocument;
      try {
        doc = JSON.parse(await readFile(file, 'utf8')) as FeedbackDocument;
      } catch (error) {
        await reject(name, { status: null, message: `The spool file cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}.` });
        waiting -= 1;
        continue;
      }
      try {
        const outcome = await inner.save(doc);
        await unlink(file).catch(() => undefined);
        log({ event: 'feedback-spool', reason: outcome === 'duplicate' ? 'already-stored' : 'sent', id: doc._id });
      } catch (error) {
        if (error instanceof DocumentRejectedError) {
          await reject(name, { status: error.status, message: error.message });
        } else if (error instanceof StoreConfigError) {
          configurationError(error, waiting);
          return waiting;
        } else if (error instanceof StoreUnavailableError) {
          Object.assign(state, { state: 'waiting', waiting, detail: error.message });
          log({ event: 'feedback-spool', status: 503, reason: 'retry-later', waiting, detail: error.message });
          schedule();
          return waiting;
        } else throw error;
      }
      waiting -= 1;
    }
    Object.assign(state, { state: 'sending', waiting: 0, detail: null });
    delay = retryMs;
    return 0;
  }

  const spool: FeedbackSpool = {
    async save(doc) {
      if (await access(fileOf(doc._id)).then(() => true, () => false)) return 'duplicate';
      if ((await pendingFiles()).length >= maxPending) {
        throw new StoreUnavailableError(`The feedback spool holds ${maxPending} documents that Sanity has not taken yet.`);
      }
      inFlight.add(doc._id);
      try {
        let written: boolean;
        try {
          written = await writeDurably(doc);
        } catch (error) {
          throw new StoreUnavailableError(`The feedback spool ${dir} cannot be written: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (!written) return 'duplicate';
        try {
          const outcome = await inner.save(doc);
          await unlink(fileOf(doc._id)).catch(() => undefined);
          if (state.state === 'configuration') void spool.flush();
          return outcome;
        } catch (error) {
          if (error instanceof StoreConfigError) {
            // Not accepted: the citizen hears 503 and may send it again; what waited before stays.
            await unlink(fileOf(doc._id)).catch(() => undefined);
            configurationError(error, (await pendingFiles()).length);
            throw error;
          }
          if (error instanceof DocumentRejectedError) {
            // Kept for an operator, who can correct and send it again: accepted, as the answer says.
            await reject(`${doc._id}.json`, { status: error.status, message: error.message });
            return 'queued';
          }
          if (!(error instanceof StoreUnavailableError)) throw error;
          log({ event: 'feedback-spool', status: 503, reason: 'queued', id: doc._id, detail: error.message });
          state.waiting += 1;
          if (state.state === 'sending') Object.assign(state, { state: 'waiting', detail: error.message });
          schedule();
          return 'queued';
        }
      } finally {
        inFlight.delete(doc._id);
      }
    },
    flush() {
      flushing ??= flushOnce().finally(() => {
        flushing = undefined;
      });
      return flushing;
    },
    status() {
      return { ...state };
    },
    async start() {
      stopped = false;
      await mkdir(dir, { recursive: true });
      state.rejected = await countRejected();
      const waiting = await spool.flush();
      if (waiting > 0) log({ event: 'feedback-spool', reason: 'waiting-at-start', waiting });
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
  return spool;
}
