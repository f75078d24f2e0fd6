// Preview benchmark (a script, not a timed test): response time of the preview server, median and
// p95, for the start page and a service page, on the embedded dataset and on the bench's
// synthetic dataset (`--docs`, default 1,000 documents; bench/lib/dataset.ts). The
// Content Lake is the local one (dev/lake: Sanity's HTTP API on groq-js), holding a draft of the
// measured service. Two cases per page:
//   unchanged    the content did not change since the last request (an editor moving between
//                pages): one listing query, then the page from the content already loaded;
//   after edit   the draft changed before every request (an editor typing): every query runs.
// Target: median ≤ 300 ms at 1,000 documents.
//
//   npm run bench:preview [-- --docs 1000] [-- --requests 40]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEmbeddedDataset, type RawDocument } from '../src/lib/sanity/embedded.ts';
import { DEFAULT_DATASET_FILE } from '../src/lib/sanity/source.ts';
import { generateDataset } from './lib/dataset.ts';
import { handshake, previewSecretDocument } from '../dev/preview-handshake.ts';
import { ensurePreviewBuild } from '../server/preview-build.ts';
import { spawnPreviewServer } from '../dev/preview.ts';
import { startLake } from '../dev/lake/index.ts';
import { draftIdOf, isDraftId } from '../core/sanity/ids.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { docs: { type: 'string', default: '1000' }, requests: { type: 'string', default: '40' } } });
const requests = Number(values.requests);
const sizes = (values.docs ?? '').split(',').map((n) => n.trim()).filter(Boolean).map(Number);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function measure(label: string, file: string): Promise<void> {
  const docs = await loadEmbeddedDataset(file, { includeDrafts: true });
  const service = docs.find((doc) => doc._type === 'service' && !isDraftId(doc._id))!;
  const draftId = draftIdOf(service._id);
  const secret = randomBytes(16).toString('hex');
  const slug = (service.slug as { current: string }).current;
  const withDraft: RawDocument[] = [
    ...docs.filter((doc) => doc._id !== draftId),
    { ...service, _id: draftId, title: { ...(service.title as object), de: 'Entwurf für die Messung' } },
    previewSecretDocument(secret, 'http://localhost:3333'),
  ];
  const lake = await startLake({ dir: null, seedFile: false, documents: withDraft });
  const preview = await spawnPreviewServer({ SANITY_PROJECT_ID: lake.projectId, SANITY_DATASET: lake.dataset, SANITY_API_HOST: lake.url.replace('localhost', '127.0.0.1'), SANITY_PREVIEW_TOKEN: lake.token });
  try {
    const { cookie } = await handshake(preview.url, secret);
    let edits = 0;
    const edit = async () => {
      edits += 1;
      await lake.store.replaceDocuments(withDraft.map((doc) => (doc._id === draftId ? { ...doc, title: { ...(doc.title as object), de: `Entwurf für die Messung ${edits}` } } : doc)));
    };
    for (const pathname of ['/', `/dienstleistungen/${slug}/`]) {
      for (const [mode, before] of [['unchanged', () => {}], ['after edit', edit]] as const) {
        const times: number[] = [];
        for (let i = 0; i < requests + 3; i += 1) {
          await before();
          const started = performance.now();
          const response = await fetch(new URL(pathname, preview.url), { headers: { cookie } });
          const html = await response.text();
          if (response.status !== 200 || !html.includes('Vorschau – nicht veröffentlicht')) throw new Error(`${pathname} answered ${response.status} without the preview banner`);
          // The first requests warm the server (module loading, image variants): not counted.
          if (i >= 3) times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        console.log(`${label.padEnd(24)} ${pathname.padEnd(44)} ${mode.padEnd(11)} median ${quantile(times, 0.5).toFixed(0).padStart(5)} ms   p95 ${quantile(times, 0.95).toFixed(0).padStart(5)} ms   (${times.length} requests)`);
      }
    }
  } finally {
    await preview.close();
    await lake.close();
  }
}

await ensurePreviewBuild();
console.log(`Preview response times (sequential requests; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at the start):`);
const embeddedCount = (await loadEmbeddedDataset(DEFAULT_DATASET_FILE)).length;
await measure(`embedded (${embeddedCount} docs)`, DEFAULT_DATASET_FILE);
for (const n of sizes) {
  const work = await mkdtemp(path.join(os.tmpdir(), 'ksp-bench-preview-'));
  try {
    const generated = await generateDataset(n, work, root);
    await measure(`synthetic (${n} docs)`, generated.file);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
console.log('Target: median ≤ 300 ms at 1,000 documents.');
