// The history API the Studio's history panel, review changes and "restore" use:
//   GET /data/history/<dataset>/transactions/<ids>      NDJSON, one transaction per line
//   GET /data/history/<dataset>/documents/<ids>         the documents at ?revision=, ?time= or ?lastRevision=true
//   GET /data/history/<dataset>/events/documents/<id>   the document's life events, newest first
import { draftIdOf, publishedIdOf } from '../../core/sanity/ids.ts';
import type { Doc } from './mutations.ts';
import type { Effect, LakeStore, TransactionRecord } from './store.ts';

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

/**
 * Life events of a document (created as draft, published, unpublished, draft discarded,
 * deleted), derived from the transaction log of its published id and draft id, newest first.
 * Edits inside a draft are not events: the Studio reads them from the transactions.
 */
export function documentEvents(store: LakeStore, id: string, limit: number): Record<string, unknown>[] {
  const publishedId = publishedIdOf(id);
  const draftId = draftIdOf(id);
  const events: Record<string, unknown>[] = [];
  for (const record of store.transactionsFor([publishedId, draftId])) {
    const published = record.effects[publishedId];
    const draft = record.effects[draftId];
    const base = { documentId: publishedId, timestamp: record.timestamp, author: record.author };
    const existed = (effect: Effect | undefined, side: 'apply' | 'revert') => Boolean(effect && effect[side][1]);
    const draftBefore = draft?.revert[1] as Doc | null | undefined;
    if (published && existed(published, 'apply')) {
      events.push({
        ...base,
        type: 'publishDocumentVersion',
        revisionId: record.id,
        ...(draft ? { versionId: draftId, versionRevisionId: draftBefore?._rev ?? record.id } : {}),
      });
    } else if (published && existed(published, 'revert')) {
      events.push(
        existed(draft, 'apply') || store.get(draftId)
          ? { ...base, type: 'unpublishDocument', versionId: draftId }
          : { ...base, type: 'deleteDocumentGroup' },
      );
    } else if (draft && !existed(draft, 'revert') && existed(draft, 'apply')) {
      events.push({ ...base, type: 'createDocumentVersion', versionId: draftId, versionRevisionId: record.id });
    } else if (draft && existed(draft, 'revert') && !existed(draft, 'apply')) {
      events.push({ ...base, type: 'deleteDocumentVersion', versionId: draftId, versionRevisionId: draftBefore?._rev ?? record.id });
    }
  }
  return events.reverse().slice(0, limit > 0 ? limit : undefined);
}
