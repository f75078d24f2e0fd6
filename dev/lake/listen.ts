// GET /data/listen/<dataset>: server-sent events for documents that match a GROQ filter, in the
// shape the Studio's document store consumes (welcome first, then one `mutation` event per
// changed document with revisions, mutations, mendoza effects and the transaction's event count).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isVersionId } from '../../core/sanity/ids.ts';
import type { Doc } from './mutations.ts';
import { matchesFilter, type QueryParams } from './query.ts';
import type { CommittedTransaction, LakeStore } from './store.ts';

/** SSE comment sent this often so proxies and the browser keep the stream open. */
const KEEPALIVE_MS = 25_000;

export interface ListenOptions {
  query: string;
  params: QueryParams;
  includeResult: boolean;
  includePreviousRevision: boolean;
  includeMutations: boolean;
  includeAllVersions: boolean;
  effects: boolean;
  /** Whether the listener may see a document (without a token: the root path only, server.ts). */
  visible: (id: string) => boolean;
}

export function readListenOptions(search: URLSearchParams, params: QueryParams, visible: (id: string) => boolean): ListenOptions {
  const flag = (name: string, fallback: boolean) => {
    const value = search.get(name);
    return value === null ? fallback : value !== 'false';
  };
  return {
    query: search.get('query') ?? '',
    params,
    includeResult: flag('includeResult', true),
    includePreviousRevision: flag('includePreviousRevision', false),
    includeMutations: flag('includeMutations', true),
    includeAllVersions: flag('includeAllVersions', false),
    effects: search.get('effectFormat') === 'mendoza',
    visible,
  };
}

async function matches(doc: Doc | null, options: ListenOptions): Promise<boolean> {
  if (!doc) return false;
  if (isVersionId(doc._id) && !options.includeAllVersions) return false;
  if (!options.visible(doc._id)) return false;
  return matchesFilter(doc, options.query, options.params);
}

/** The events one listener receives for one transaction, in the transaction's order. */
export async function eventsFor(transaction: CommittedTransaction, options: ListenOptions): Promise<Record<string, unknown>[]> {
  const { record, changes } = transaction;
  const matching = [];
  for (const change of changes) {
    const [before, after] = await Promise.all([matches(change.before, options), matches(change.after, options)]);
    if (before || after) matching.push({ change, before, after });
  }
  return matching.map(({ change, before, after }, index) => ({
    eventId: `${record.id}#${change.id}`,
    documentId: change.id,
    transactionId: record.id,
    transition: before && after ? 'update' : after ? 'appear' : 'disappear',
    identity: record.author,
    ...(options.includeMutations ? { mutations: change.mutations } : {}),
    ...(options.includeResult && change.after ? { result: change.after } : {}),
    ...(options.includePreviousRevision && change.before ? { previous: change.before } : {}),
    ...(change.before ? { previousRev: change.before._rev } : {}),
    resultRev: record.id,
    timestamp: record.timestamp,
    visibility: 'query',
    ...(options.effects ? { effects: record.effects[change.id] } : {}),
    transactionTotalEvents: matching.length,
    transactionCurrentEvent: index + 1,
  }));
}

export function handleListen(req: IncomingMessage, res: ServerResponse, store: LakeStore, options: ListenOptions): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
  });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  // Events of one transaction are written before the next transaction's, in commit order.
  let chain = Promise.resolve();
  const unsubscribe = store.onTransaction((transaction) => {
    chain = chain.then(async () => {
      try {
        for (const event of await eventsFor(transaction, options)) send('mutation', event);
      } catch (error) {
        send('channelError', { message: `The listener filter failed: ${(error as Error).message}` });
      }
    });
  });
  send('welcome', { listenerName: randomUUID() });
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  const close = () => {
    clearInterval(keepalive);
    unsubscribe();
  };
  req.once('close', close);
  res.once('close', close);
}
