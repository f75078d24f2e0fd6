// The renderer's server entry: Astro's App for src/build/fast-publish.ts, which renders pages
// through it one by one. No server, no streaming: each page is one complete body, as in a build.
import { createApp } from 'astro/app/entrypoint';
import { loadLinkDocuments, type LinkDocument } from '../lib/content/link-documents.ts';
import { currentScope } from '../lib/content/scope.ts';

export const app = createApp({ streaming: false });

/**
 * The published documents for the build's link check, from the content the pages were rendered
 * from (the same source, already loaded in this process), so the check loads nothing again.
 */
export function linkDocuments(): Promise<LinkDocument[]> {
  return loadLinkDocuments(currentScope().source);
}
