// Document ids as the Content Lake reads them: `drafts.<id>` is the draft of `<id>`,
// `versions.<release>.<id>` its version in a release. Every other id is the document itself,
// the one the `published` perspective shows. That includes ids with a dot path such as
// `feedback.<nonce>`, which Sanity keeps out of public (unauthenticated) reads: "not a draft
// or a version" is not the same as "public", so no predicate here is called "published".
// IDs are also paths separated by periods (https://www.sanity.io/docs/ids), and Sanity's fixed
// rule for reads without a token serves the root path only: `drafts.x`, `feedback.x` and
// `a.b.c` need a token (isRootPathId).

export const DRAFTS_PREFIX = 'drafts.';
export const VERSIONS_PREFIX = 'versions.';

export function isDraftId(id: string): boolean {
  return id.startsWith(DRAFTS_PREFIX);
}

export function isVersionId(id: string): boolean {
  return id.startsWith(VERSIONS_PREFIX);
}

/** A draft or a release version: what the `published` perspective hides and what never reaches the site. */
export function isDraftOrVersionId(id: string): boolean {
  return isDraftId(id) || isVersionId(id);
}

/**
 * Whether an id is on the root path (no `.`): the only documents Sanity serves to a request
 * without a token, even on a public dataset.
 */
export function isRootPathId(id: string): boolean {
  return !id.includes('.');
}

/** The release name of a `versions.<release>.<id>` id; undefined for any other id. */
export function releaseOf(id: string): string | undefined {
  if (!isVersionId(id)) return undefined;
  return id.slice(VERSIONS_PREFIX.length).split('.', 1)[0];
}

/** The id of the document a draft or version belongs to (the id itself for any other id). */
export function publishedIdOf(id: string): string {
  if (isDraftId(id)) return id.slice(DRAFTS_PREFIX.length);
  const release = releaseOf(id);
  return release === undefined ? id : id.slice(VERSIONS_PREFIX.length + release.length + 1);
}

/** The id of the draft of a document (given by its own, its draft's or a version's id). */
export function draftIdOf(id: string): string {
  return `${DRAFTS_PREFIX}${publishedIdOf(id)}`;
}

/** The id of a document's version in `release` (given by its own, its draft's or a version's id). */
export function versionIdOf(id: string, release: string): string {
  return `${VERSIONS_PREFIX}${release}.${publishedIdOf(id)}`;
}
