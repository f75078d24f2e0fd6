// A local spool in front of the Sanity feedback store, for the publish server: every accepted
// submission is first written to disk (one JSON file per document, written to a temporary name,
// flushed, then linked into place), then sent. When Sanity is unreachable the file stays and is
// sent again with growing pauses (30 s up to 10 min), and on the next start. Sending uses the
// document id of the single-use proof, so a retry of something Sanity already has is recognised
// (`duplicate`) and never stored twice. A full spool refuses new submissions instead of filling
// the disk.
import { access, link, mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { FeedbackDocument } from '../core/feedback/model.ts';
import { StoreUnavailableError, type FeedbackStore } from '../core/feedback/store.ts';
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

export interface FeedbackSpool extends FeedbackStore {
  /** Sends every waiting document once now; resolves with how many are still waiting. */
  flush(): Promise<number>;
  /** Sends what an earlier run left behind and starts the retry timer. */
  start(): Promise<void>;
  stop(): void;
}

const FILE = /^feedback\.[0-9a-f]{32}\.json$/;

export function createFeedbackSpool({ dir, inner, log, retryMs = 30_000, maxRetryMs = 10 * 60_000, maxPending = 5000 }: SpoolOptions): FeedbackSpool {
  let timer: NodeJS.Timeout | undefined;
  let delay = retryMs;
  let flushing: Promise<number> | undefined;
  let stopped = false;
  // Documents that save() is sending right now; a concurrent flush leaves them alone, so the
  // citizen's own request is never answered as a repeat.
  const inFlight = new Set<string>();
  const fileOf = (id: string) => path.join(dir, `${id}.json`);

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
    for (const [index, name] of files.entries()) {
      if (inFlight.has(name.slice(0, -'.json'.length))) continue;
      const file = path.join(dir, name);
      let doc: FeedbackDocument;
      try {
        doc = JSON.parse(await readFile(file, 'utf8')) as FeedbackDocument;
      } catch (error) {
        log({ event: 'feedback-spool', status: 500, reason: 'unreadable', file: name, detail: error instanceof Error ? error.message : String(error) });
        continue;
      }
      try {
        const outcome = await inner.save(doc);
        await unlink(file).catch(() => undefined);
        log({ event: 'feedback-spool', reason: outcome === 'duplicate' ? 'already-stored' : 'sent', id: doc._id });
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        const waiting = files.length - index;
        log({ event: 'feedback-spool', status: 503, reason: 'retry-later', waiting, detail: error.message });
        schedule();
        return waiting;
      }
    }
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
          return outcome;
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) throw error;
          log({ event: 'feedback-spool', status: 503, reason: 'queued', id: doc._id, detail: error.message });
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
    async start() {
      stopped = false;
      await mkdir(dir, { recursive: true });
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
