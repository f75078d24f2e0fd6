// The build manifest (core/publish/build-manifest.ts): which build this is and which revision
// of every content document it rendered. scripts/build.ts stamps the real start and `finishedAt`
// once the search index is written. Not a page: the sitemap lists pages only and Pagefind indexes HTML only.
import type { APIRoute } from 'astro';
import { getRevisions } from '../lib/content/index.ts';
import { buildIdFromEnv, createManifest, type ManifestSource } from '../../core/publish/build-manifest.ts';
import { buildConfig } from '../lib/build-config.ts';

export const GET: APIRoute = async () => {
  const { source: config, manifestEnv, trigger } = buildConfig();
  // Project and dataset only: the API host and the token stay out of the site.
  const source: ManifestSource = config.kind === 'sanity' ? { kind: 'sanity', projectId: config.sanity.projectId, dataset: config.sanity.dataset } : { kind: 'embedded' };
  const startedAt = new Date();
  const manifest = createManifest({
    buildId: buildIdFromEnv(manifestEnv, startedAt),
    startedAt,
    source,
    trigger,
    documents: await getRevisions(),
  });
  return new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
