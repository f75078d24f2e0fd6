// A worker thread of a fast publish (src/build/fast-publish.ts): links the last build's snapshot
// into the new site (./hard-links.ts) on a thread of its own, while the main thread loads the
// content and computes the pages' keys. Posts `{ ok: true }` or `{ ok: false, message }`.
import { parentPort, workerData } from 'node:worker_threads';
import { linkSnapshot } from './hard-links.ts';

const { from, to, sizes } = workerData as { from: string; to: string; sizes: Record<string, number> };
try {
  await linkSnapshot(from, to, sizes);
  parentPort!.postMessage({ ok: true });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message });
}
