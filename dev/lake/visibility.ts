// Which ids a request without a token may read, as on a public dataset: Sanity serves the root
// path only, so drafts, versions, feedback (`feedback.x`) and the Presentation tool's secrets
// stay private; the lake adds the dot paths in `anonymousPaths` (see README). Shared by the
// server (documents, listeners) and the query worker (queries).
import { isRootPathId, pathPrefixOf } from '../../core/sanity/ids.ts';

export function anonymousVisibility(anonymousPaths: readonly string[]): (id: string) => boolean {
  const paths = new Set(anonymousPaths);
  return (id) => {
    if (isRootPathId(id)) return true;
    const prefix = pathPrefixOf(id);
    return prefix !== undefined && paths.has(prefix);
  };
}
