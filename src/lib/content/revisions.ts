// The revision of every published content document, for the build manifest
// (core/publish/build-manifest.ts). It runs on the same source, and with the content mirror on
// the same snapshot, as the pages' queries, so the manifest names exactly what the pages show.
import { defineQuery } from 'groq';
import { CONTENT_DOCUMENT_TYPES } from '../../../core/registry.ts';
import type { ContentSource } from '../sanity/source.ts';

export const revisionsQuery = defineQuery('*[_type in $types]{_id, _rev}');

export interface DocumentRevision {
  _id: string;
  /** Absent in the embedded dataset, which has no revisions. */
  _rev?: string;
}

export async function loadRevisions(source: ContentSource): Promise<DocumentRevision[]> {
  const rows = await source.fetch<{ _id: string; _rev?: string | null }[]>(revisionsQuery, { types: [...CONTENT_DOCUMENT_TYPES] });
  return rows.map((row) => (typeof row._rev === 'string' ? { _id: row._id, _rev: row._rev } : { _id: row._id }));
}
