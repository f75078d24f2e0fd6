// Starts an empty, in-memory local lake and a @sanity/client on it, for the lake's own tests.
import { createClient, type SanityClient } from '@sanity/client';
import { startLake, type Lake, type LakeOptions } from '../../scripts/lake/index.ts';

export interface LakeUnderTest {
  lake: Lake;
  client: SanityClient;
  close(): Promise<void>;
}

export async function startTestLake(options: LakeOptions = {}): Promise<LakeUnderTest> {
  const lake = await startLake({ dir: null, seedFile: false, ...options });
  const client = createClient({
    projectId: lake.projectId,
    dataset: lake.dataset,
    apiVersion: '2025-02-19',
    apiHost: lake.url.replace('localhost', '127.0.0.1'),
    useProjectHostname: false,
    token: lake.token,
    useCdn: false,
  });
  return { lake, client, close: () => lake.close() };
}
