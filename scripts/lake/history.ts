// The history API the Studio's review-changes panel and "restore" use:
//   GET /data/history/<dataset>/transactions/<ids>   NDJSON, one transaction per line
//   GET /data/history/<dataset>/documents/<ids>      the documents at ?revision=, ?time= or ?lastRevision=true
import type { Doc } from './mutations.ts';
import type { LakeStore, TransactionRecord } from './store.ts';

export function transactionLines(store: LakeStore, ids: string[], search: URLSearchParams): string[] {
  const onlyIdentified = search.get('includeIdentifiedDocumentsOnly') === 'true';
  const excludeMutations = search.get('excludeMutations') === 'true';
  const wanted = new Set(ids);
  let records = store.transactionsFor(ids);
  const from = search.get('fromTransaction');
  const to = search.get('toTransaction');
  if (from) {
    const index = records.findIndex((record) => record.id === from);
    if (index >= 0) records = records.slice(index);
  }
  if (to) {
    const index = records.findIndex((record) => record.id === to);
    if (index >= 0) records = records.slice(0, index + 1);
  }
  if (search.get('reverse') === 'true') records = [...records].reverse();
  const limit = Number(search.get('limit'));
  if (Number.isInteger(limit) && limit > 0) records = records.slice(0, limit);
  return records.map((record: TransactionRecord) => {
    const documentIDs = onlyIdentified ? record.documentIds.filter((id) => wanted.has(id)) : record.documentIds;
    const effects = Object.fromEntries(documentIDs.map((id) => [id, record.effects[id]]));
    return JSON.stringify({
      id: record.id,
      timestamp: record.timestamp,
      author: record.author,
      documentIDs,
      ...(excludeMutations ? {} : { mutations: record.mutations }),
      effects,
    });
  });
}

export function documentsAt(store: LakeStore, ids: string[], search: URLSearchParams): Doc[] {
  const revision = search.get('revision');
  if (search.get('lastRevision') === 'true') {
    return ids.flatMap((id) => {
      const last = store
        .transactionsFor([id])
        .map((record) => store.documentAt(id, record.id))
        .filter((doc): doc is Doc => Boolean(doc))
        .at(-1);
      return last ? [last] : [];
    });
  }
  let time = search.get('time') ?? new Date().toISOString();
  if (revision) {
    const record = store.transactionsFor(ids).find((entry) => entry.id === revision);
    if (!record) return [];
    time = record.timestamp;
  }
  return ids.map((id) => store.documentAtTime(id, time)).filter((doc): doc is Doc => Boolean(doc));
}
