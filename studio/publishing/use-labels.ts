// Labels for German problem texts (./labels.ts) with the titles of the documents they name:
// referenced documents may exist only as drafts (an unpublished partner), so drafts count too.
import { useEffect, useMemo, useState } from 'react';
import { useClient, useSchema } from 'sanity';
import type { Labels } from '../../core/content/problem.ts';
import { draftIdOf, isDraftId, publishedIdOf } from '../../core/sanity/ids.ts';
import { API_VERSION } from '../schemaTypes/constants';
import { schemaLabels } from './labels';

const TITLES_QUERY = '*[_id in $ids]{_id, "title": coalesce(title.de, title, name, location)}';

export function useLabels(ids: readonly string[]): Labels {
  const schema = useSchema();
  const client = useClient({ apiVersion: API_VERSION });
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids)].sort().join('\n');
  useEffect(() => {
    if (!key) return;
    const wanted = key.split('\n');
    let cancelled = false;
    client
      .fetch<{ _id: string; title?: unknown }[]>(TITLES_QUERY, { ids: [...wanted, ...wanted.map((id) => draftIdOf(id))] }, { perspective: 'raw' })
      .then((rows) => {
        if (cancelled) return;
        const map = new Map<string, string>();
        // A published title wins over a draft's.
        for (const row of [...rows].sort((a, b) => Number(isDraftId(b._id)) - Number(isDraftId(a._id)))) {
          if (typeof row.title === 'string' && row.title) map.set(publishedIdOf(row._id), row.title);
        }
        setTitles(map);
      })
      .catch(() => undefined); // without titles the texts name ids, which is still correct
    return () => {
      cancelled = true;
    };
  }, [client, key]);
  return useMemo(() => schemaLabels(schema, titles), [schema, titles]);
}

/** The ids the texts of a build name: documents with problems, referenced ones, trigger documents. */
export function idsIn(builds: readonly { trigger: { documents: readonly { _id: string }[] }; failure: { problems: readonly { id: string; code: { kind: string; ref?: string; owner?: string } }[] } | null }[]): string[] {
  return builds.flatMap((build) => [
    ...build.trigger.documents.map((doc) => doc._id),
    ...(build.failure?.problems ?? []).flatMap((p) => [p.id, ...(p.code.ref ? [p.code.ref] : []), ...(p.code.owner ? [p.code.owner] : [])]),
  ]);
}

/** Re-renders every `ms` while `active`, for "seit 12 s". */
export function useNow(active: boolean, ms = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    setNow(new Date());
    if (!active) return;
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}
