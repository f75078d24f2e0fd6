// The published documents the site shows, whole, for the build's link check
// (src/build/check-links.ts): their links are found by shape (core/links.ts contentLinks), so a
// new link field needs no change here. Not a page query: a plain string, outside typegen.
import { CONTENT_DOCUMENT_TYPES } from '../../../core/registry.ts';
import type { ContentSource } from '../sanity/source.ts';

const LINK_DOCUMENTS_QUERY = '*[_type in $types]';

export type LinkDocument = { _id: string; _type: string } & Record<string, unknown>;

export async function loadLinkDocuments(source: ContentSource): Promise<LinkDocument[]> {
  return source.fetch<LinkDocument[]>(LINK_DOCUMENTS_QUERY, { types: [...CONTENT_DOCUMENT_TYPES] });
}
