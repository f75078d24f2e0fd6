// Which ids a request without a token may read, as on a public dataset: Sanity serves the root
// path only (ids without a dot), so drafts, versions, feedback (`feedback.x`) and the
// Presentation tool's secrets stay private. Shared by the server (documents, listeners) and the
// query worker (queries), so every way of reading applies the same rule.
import { isRootPathId } from '../../core/sanity/ids.ts';

export const isAnonymouslyVisible: (id: string) => boolean = isRootPathId;
