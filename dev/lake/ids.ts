// Document ids as the Content Lake reads them: `drafts.<id>` is the draft of `<id>`,
// `versions.<release>.<id>` its version in a release; everything else is published.
import { randomBytes } from 'node:crypto';

export const DRAFTS_PREFIX = 'drafts.';
export const VERSIONS_PREFIX = 'versions.';

export function isDraftId(id: string): boolean {
  return id.startsWith(DRAFTS_PREFIX);
}

export function isVersionId(id: string): boolean {
  return id.startsWith(VERSIONS_PREFIX);
}

export function isPublishedId(id: string): boolean {
  return !isDraftId(id) && !isVersionId(id);
}

/** The release name of a `versions.<release>.<id>` id. */
export function releaseOf(id: string): string | undefined {
  if (!isVersionId(id)) return undefined;
  return id.slice(VERSIONS_PREFIX.length).split('.', 1)[0];
}

export function publishedIdOf(id: string): string {
  if (isDraftId(id)) return id.slice(DRAFTS_PREFIX.length);
  const release = releaseOf(id);
  return release === undefined ? id : id.slice(VERSIONS_PREFIX.length + release.length + 1);
}

export function draftIdOf(id: string): string {
  return `${DRAFTS_PREFIX}${publishedIdOf(id)}`;
}

/** A random id in the alphabet Sanity uses for transaction ids and revisions. */
export function randomId(length = 22): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Sanity's rule for document ids: letters, digits, `_`, `-` and `.`, not starting with `-`. */
export function isValidDocumentId(id: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(id) && !id.includes('..');
}
