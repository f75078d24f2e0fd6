// What a query sees under a perspective, as the Content Lake defines it:
//   raw                everything, drafts and versions included
//   published          published documents only (the default from API v2025-02-19 on)
//   drafts             published documents with their drafts laid over them; `_id` is the
//   (previewDrafts)    published id, `_originalId` the id the content came from
//   r1,r2,drafts       release versions over drafts over published (first wins)
import type { RawDocument } from '../../src/lib/sanity/embedded.ts';
import { isDraftId, isDraftOrVersionId, publishedIdOf, releaseOf } from '../../core/sanity/ids.ts';

export type Perspective = 'raw' | 'published' | string[];

/** Reads the `perspective` query parameter; undefined means the API version's default. */
export function parsePerspective(value: string | null, apiVersion: string): Perspective {
  if (!value) return apiVersion >= '2025-02-19' || apiVersion === 'X' ? 'published' : 'raw';
  if (value === 'raw' || value === 'published') return value;
  const layers = value
    .split(',')
    .map((layer) => layer.trim())
    .filter((layer) => layer !== '' && layer !== 'published')
    .map((layer) => (layer === 'previewDrafts' ? 'drafts' : layer));
  return layers.length === 0 ? 'published' : layers;
}

/** The layer a document id belongs to: `published`, `drafts` or a release name. */
function layerOf(id: string): string {
  if (isDraftId(id)) return 'drafts';
  return releaseOf(id) ?? 'published';
}

export function applyPerspective(docs: Iterable<RawDocument>, perspective: Perspective): RawDocument[] {
  if (perspective === 'raw') return [...docs];
  if (perspective === 'published') return [...docs].filter((doc) => !isDraftOrVersionId(doc._id));
  // Lower number wins; published is the base under every stack.
  const rank = new Map<string, number>(perspective.map((layer, index) => [layer, index]));
  rank.set('published', perspective.length);
  const best = new Map<string, { doc: RawDocument; rank: number }>();
  for (const doc of docs) {
    const layerRank = rank.get(layerOf(doc._id));
    if (layerRank === undefined) continue;
    const id = publishedIdOf(doc._id);
    const current = best.get(id);
    if (!current || layerRank < current.rank) best.set(id, { doc, rank: layerRank });
  }
  return [...best.values()].map(({ doc }) => ({ ...doc, _id: publishedIdOf(doc._id), _originalId: doc._id }));
}
