// Starts an empty, in-memory local lake and a @sanity/client on it, for the lake's own tests.
import type { SanityClient } from '@sanity/client';
import { lakeClient, startLake, type Lake, type LakeOptions } from '../../dev/lake/index.ts';

export interface LakeUnderTest {
  lake: Lake;
  client: SanityClient;
  close(): Promise<void>;
}

export async function startTestLake(options: Partial<LakeOptions> = {}): Promise<LakeUnderTest> {
  const lake = await startLake({ dir: null, seedFile: false, ...options });
  const client = lakeClient(lake, lake.url.replace('localhost', '127.0.0.1'));
  return { lake, client, close: () => lake.close() };
}
