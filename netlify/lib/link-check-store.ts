// What the Netlify link check keeps, in a site-wide Netlify Blobs store (not per deploy: a result
// stands for a day across deploys, and the Studio reads the report of whichever deploy was checked
// last): the results of the last day (one JSON entry, the same form as the publish server's file)
// and the report the build status function passes on.
import { getStore, type Store } from '@netlify/blobs';
import { parseStoredResults, storedResults, type LinkResultStore } from '../../core/link-check.ts';
import { parseLinkReport, type LinkReport } from '../../core/links.ts';

export const LINK_CHECK_STORE_NAME = 'link-check';
const RESULTS_KEY = 'results';
const REPORT_KEY = 'report';

export type LinkCheckBlobStore = Pick<Store, 'get' | 'setJSON'>;

export const linkCheckBlobStore = (): LinkCheckBlobStore => getStore({ name: LINK_CHECK_STORE_NAME, consistency: 'strong' });

export function blobsResultStore(store: LinkCheckBlobStore): LinkResultStore {
  return {
    load: async () => parseStoredResults(await store.get(RESULTS_KEY, { type: 'json', consistency: 'strong' })),
    save: async (results) => {
      await store.setJSON(RESULTS_KEY, storedResults(results));
    },
  };
}

/** The last report; undefined before the first check, or when what is stored is not one. */
export async function readLinkReport(store: LinkCheckBlobStore): Promise<LinkReport | undefined> {
  return parseLinkReport(await store.get(REPORT_KEY, { type: 'json', consistency: 'strong' }));
}

export async function writeLinkReport(store: LinkCheckBlobStore, report: LinkReport): Promise<void> {
  await store.setJSON(REPORT_KEY, report);
}
