// Ids the lake makes and checks. What an id says (draft, version, the document itself) is
// core/sanity/ids.ts, shared with the site, the publish server and the Studio.
import { randomBytes } from 'node:crypto';

/** A random id in the alphabet Sanity uses for transaction ids and revisions. */
export function randomId(length = 22): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Sanity's rule for document ids: letters, digits, `_`, `-` and `.`, not starting with `-`. */
export function isValidDocumentId(id: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(id) && !id.includes('..');
}
