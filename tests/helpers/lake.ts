// The local Content Lake (dev/lake) as Sanity's API for tests that are about something else: the
// site's builds and sync, the preview, the seed, the feedback receivers. In memory unless given a
// `dir`, never seeded from content/ (fixtures come as `documents`), every request recorded.
import { startLake, type Lake, type LakeOptions, type LakeRequest } from '../../dev/lake/index.ts';

export interface RecordingLake extends Lake {
  /** The API host on the address the lake listens on (for SANITY_API_HOST and @sanity/client). */
  apiHost: string;
  /** Every request answered, in order. */
  requests: LakeRequest[];
}

export async function startRecordingLake(options: Partial<LakeOptions> = {}): Promise<RecordingLake> {
  const requests: LakeRequest[] = [];
  const lake = await startLake({
    dir: null,
    seedFile: false,
    ...options,
    onRequest: (request) => {
      requests.push(request);
      options.onRequest?.(request);
    },
  });
  return Object.assign(lake, { apiHost: lake.url.replace('localhost', '127.0.0.1'), requests });
}
