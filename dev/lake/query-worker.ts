// The query worker (query-runner.ts): keeps a copy of the lake's documents, kept current by the
// changes of every committed transaction, and answers one GROQ query at a time. It runs in a
// thread of its own so that an expensive query cannot stall the process (under `npm start` the
// site's publish server shares it); the runner ends it when a query is over budget.
import { parentPort, workerData } from 'node:worker_threads';
import { LakeError } from './errors.ts';
import type { Doc } from './mutations.ts';
import type { Perspective } from './perspective.ts';
import { runQuery, type QueryParams } from './query.ts';
import { isAnonymouslyVisible } from './visibility.ts';

export interface QueryWorkerData {
  documents: Doc[];
}

export type ToQueryWorker =
  | { kind: 'changes'; changes: { id: string; after: Doc | null }[] }
  | { kind: 'query'; query: string; params: QueryParams; perspective: Perspective; signedIn: boolean };

export type FromQueryWorker =
  /** Sent once, when the documents are in place: a query's budget starts only then. */
  | { kind: 'ready' }
  /**
   * The result as JSON text (undefined when there is none), so that neither a structured clone
   * nor the serialisation of a large result costs the main thread; its count for onRequest.
   */
  | { kind: 'result'; json: string | undefined; count: number }
  | { kind: 'error'; message: string; lake?: { status: number; type: string } };

const data = workerData as QueryWorkerData;
const documents = new Map(data.documents.map((doc) => [doc._id, doc]));

async function answer(message: Extract<ToQueryWorker, { kind: 'query' }>): Promise<FromQueryWorker> {
  const docs = message.signedIn ? documents.values() : [...documents.values()].filter((doc) => isAnonymouslyVisible(doc._id));
  try {
    const result = await runQuery(docs, message.query, message.params, message.perspective);
    const json = JSON.stringify(result) as string | undefined;
    return { kind: 'result', json, count: Array.isArray(result) ? result.length : result == null ? 0 : 1 };
  } catch (error) {
    if (error instanceof LakeError) return { kind: 'error', message: error.message, lake: { status: error.status, type: error.type } };
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort!.on('message', (message: ToQueryWorker) => {
  if (message.kind === 'changes') {
    for (const { id, after } of message.changes) {
      if (after) documents.set(id, after);
      else documents.delete(id);
    }
    return;
  }
  void answer(message).then((reply) => parentPort!.postMessage(reply));
});
parentPort!.postMessage({ kind: 'ready' } satisfies FromQueryWorker);
