// Runs the HTTP API's GROQ queries in a worker thread with a time budget. Under `npm start` the
// lake and the site's publish server share one process: a query that costs seconds of CPU on the
// main thread stalled both (issue 24, item 13). Here the main thread only waits; a query over
// budget is ended by terminating its worker, answered with a timeout error, and the next query
// gets a fresh worker.
//
// The worker keeps its own copy of the documents: it receives them once when it starts (a
// snapshot of the store) and then only the changes of each committed transaction, so a query
// costs no copy of the dataset. Messages arrive in order, so a query sees every commit made
// before it was asked. One query runs at a time (as on the main thread before), so ending an
// expensive one never takes another with it.
import { Worker } from 'node:worker_threads';
import { LakeError } from './errors.ts';
import type { Perspective } from './perspective.ts';
import type { QueryParams } from './query.ts';
import type { FromQueryWorker, QueryWorkerData, ToQueryWorker } from './query-worker.ts';
import type { LakeStore } from './store.ts';

/**
 * What a query may cost by default. The site's heaviest query (all press items) takes about 1 s
 * at 10,000 documents on this machine and 3 s when its two cores are busy; the budget leaves
 * room for that and still ends a runaway query.
 */
export const DEFAULT_QUERY_BUDGET_MS = 10_000;

const WORKER_URL = new URL('./query-worker.ts', import.meta.url);

/** A query's answer: the result as JSON text (undefined: none) and its number of results. */
export interface QueryAnswer {
  json: string | undefined;
  count: number;
}

interface QueryJob {
  query: string;
  params: QueryParams;
  perspective: Perspective;
  signedIn: boolean;
  resolve: (answer: QueryAnswer) => void;
  reject: (error: Error) => void;
}

export interface QueryRunner {
  run(query: string, params: QueryParams, perspective: Perspective, signedIn: boolean): Promise<QueryAnswer>;
  close(): Promise<void>;
}

export function timeoutError(budgetMs: number): LakeError {
  return new LakeError(
    408,
    'queryTimeout',
    `The query ran longer than the local lake's budget of ${budgetMs} ms and was stopped. Narrow it: filter by _type or _id first, slice large results ([0...100]), and replace nested *[...] per result with references (->). The budget is the lake option queryBudgetMs.`,
  );
}

export function createQueryRunner(options: { store: LakeStore; budgetMs: number }): QueryRunner {
  const { store, budgetMs } = options;
  if (!Number.isFinite(budgetMs) || budgetMs <= 0)
    throw new Error(`startLake: queryBudgetMs must be a positive number of milliseconds, not ${String(budgetMs)}.`);
  let worker: Worker | undefined;
  /** Whether the worker has its documents; starting one (a snapshot of the store) is not charged to a query. */
  let ready = false;
  let current: { job: QueryJob; timer: NodeJS.Timeout } | undefined;
  const queue: QueryJob[] = [];
  let closed = false;

  const unsubscribe = store.onTransaction(({ changes }) => {
    const message: ToQueryWorker = { kind: 'changes', changes: changes.map(({ id, after }) => ({ id, after })) };
    worker?.postMessage(message);
  });

  function finish(): QueryJob | undefined {
    const job = current?.job;
    if (current) clearTimeout(current.timer);
    current = undefined;
    return job;
  }

  /** Ends the worker (over budget, or broken); the next query starts a new one from the store. */
  function discardWorker(): void {
    const ending = worker;
    worker = undefined;
    if (ending) {
      ending.removeAllListeners();
      // An error after the end (it was terminated mid-query) is of no interest.
      ending.on('error', () => undefined);
      void ending.terminate();
    }
  }

  function startWorker(): Worker {
    const workerData: QueryWorkerData = { documents: [...store.all()] };
    const started = new Worker(WORKER_URL, { workerData });
    started.unref();
    ready = false;
    started.on('message', (reply: FromQueryWorker) => {
      if (reply.kind === 'ready') {
        ready = true;
        return next();
      }
      const job = finish();
      if (!job) return;
      if (reply.kind === 'result') job.resolve({ json: reply.json, count: reply.count });
      else job.reject(reply.lake ? new LakeError(reply.lake.status, reply.lake.type, reply.message) : new Error(reply.message));
      next();
    });
    const fail = (error: Error) => {
      if (worker !== started) return;
      const starting = !ready;
      discardWorker();
      const failed = new Error(`The query worker of the local lake failed: ${error.message}`, { cause: error });
      finish()?.reject(failed);
      // A worker that cannot start fails the queries waiting for it, instead of being restarted in a loop.
      if (starting) for (const waiting of queue.splice(0)) waiting.reject(failed);
      next();
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`it exited with code ${code}`)));
    return started;
  }

  function next(): void {
    if (current || closed || queue.length === 0) return;
    worker ??= startWorker();
    if (!ready) return;
    const job = queue.shift()!;
    const timer = setTimeout(() => {
      discardWorker();
      finish();
      job.reject(timeoutError(budgetMs));
      next();
    }, budgetMs);
    current = { job, timer };
    const message: ToQueryWorker = { kind: 'query', query: job.query, params: job.params, perspective: job.perspective, signedIn: job.signedIn };
    worker.postMessage(message);
  }

  return {
    run(query, params, perspective, signedIn) {
      if (closed) return Promise.reject(new Error('The local lake is closed.'));
      return new Promise<QueryAnswer>((resolve, reject) => {
        queue.push({ query, params, perspective, signedIn, resolve, reject });
        next();
      });
    },
    async close() {
      closed = true;
      unsubscribe();
      const ending = worker;
      worker = undefined;
      const job = finish();
      job?.reject(new Error('The local lake is closed.'));
      for (const waiting of queue.splice(0)) waiting.reject(new Error('The local lake is closed.'));
      if (ending) {
        ending.removeAllListeners();
        await ending.terminate();
      }
    },
  };
}
