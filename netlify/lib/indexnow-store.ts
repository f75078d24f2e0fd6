// What the Netlify Function deploy-succeeded remembers between deploys, in a site-wide Netlify
// Blobs store: the page list of the last deploy it announced (the baseline the next deploy is
// compared with) and, per deploy, how its IndexNow notice went (the build status API shows it).
// The baseline is replaced with a conditional write, so a deploy is announced once, however often
// the event (or anyone calling the function) arrives.
import type { Store } from '@netlify/blobs';
import { isIndexNowReport, type IndexNowReport, type PageList } from '../../core/publish/indexnow.ts';

export const INDEXNOW_STORE_NAME = 'indexnow';
const BASELINE = 'baseline';

export type IndexNowBlobStore = Pick<Store, 'getWithMetadata' | 'setJSON' | 'get'>;

export interface Baseline extends PageList {
  buildId: string;
}

function isBaseline(value: unknown): value is Baseline {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Record<string, unknown>;
  return typeof b.buildId === 'string' && typeof b.site === 'string' && typeof b.pages === 'object' && b.pages !== null;
}

/** The last announced deploy's pages and the ETag to replace them with; undefined on the first deploy. */
export async function readBaseline(store: IndexNowBlobStore): Promise<{ baseline: Baseline | undefined; etag: string | undefined }> {
  const found = await store.getWithMetadata(BASELINE, { type: 'json', consistency: 'strong' });
  if (!found) return { baseline: undefined, etag: undefined };
  return { baseline: isBaseline(found.data) ? found.data : undefined, etag: found.etag };
}

/** Makes `next` the baseline unless another call replaced it since it was read; true when this call did. */
export async function claimBaseline(store: IndexNowBlobStore, next: Baseline, etag: string | undefined): Promise<boolean> {
  const result = await store.setJSON(BASELINE, next, etag ? { onlyIfMatch: etag } : { onlyIfNew: true });
  return result.modified;
}

const reportKey = (deployId: string) => `report/${encodeURIComponent(deployId)}`;

export async function writeReport(store: IndexNowBlobStore, deployId: string, report: IndexNowReport): Promise<void> {
  await store.setJSON(reportKey(deployId), report);
}

export async function readReport(store: IndexNowBlobStore, deployId: string): Promise<IndexNowReport | undefined> {
  const value: unknown = await store.get(reportKey(deployId), { type: 'json' });
  return isIndexNowReport(value) ? value : undefined;
}
