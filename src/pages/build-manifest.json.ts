// The build manifest (core/publish/build-manifest.ts): which build this is, which revision of
// every content document it rendered, and the next instant its pages change by themselves
// (core/publish/next-change.ts). scripts/build.ts stamps the real start and `finishedAt`
// once the search index is written. Not a page: the sitemap lists pages only and Pagefind indexes HTML only.
import type { APIRoute } from 'astro';
import { getEvents, getHiddenDocuments, getOpeningHours, getPages, getPressItems, getRevisions, getSiteSettings } from '../lib/content/index.ts';
import { buildIdFromEnv, createManifest, type ManifestSource } from '../../core/publish/build-manifest.ts';
import { nextChange } from '../../core/publish/next-change.ts';
import { buildConfig } from '../lib/build-config.ts';
import { buildNow } from '../lib/build-date.ts';

export const GET: APIRoute = async () => {
  const { source: config, manifestEnv, trigger } = buildConfig();
  // Project and dataset only: the API host and the token stay out of the site.
  const source: ManifestSource = config.kind === 'sanity' ? { kind: 'sanity', projectId: config.sanity.projectId, dataset: config.sanity.dataset } : { kind: 'embedded' };
  const startedAt = new Date();
  const [settings, pressItems, pages, events, hours] = await Promise.all([getSiteSettings(), getPressItems(), getPages(), getEvents(), getOpeningHours()]);
  const timed = {
    alert: settings.alert ?? null,
    documents: [
      ...pressItems.map((item) => ({ _id: item._id, _type: 'pressItem', title: item.title.de, visibleUntil: item.visibleUntil })),
      ...pages.map((page) => ({ _id: page._id, _type: 'page', title: page.title.de, visibleUntil: page.visibleUntil })),
    ],
    events: events.map((event) => ({ _id: event._id, title: event.title.de, start: event.start, end: event.end })),
    hours: {
      specialDays: hours.flatMap((doc) => doc.specialDays),
      periods: hours.flatMap((doc) => doc.periods.map((period) => ({ validFrom: period.validFrom, validUntil: period.validUntil, label: period.label.de }))),
    },
  };
  const hidden = await getHiddenDocuments();
  // The build log says it too: the operator sees why a link became text.
  for (const doc of hidden) {
    for (const source of doc.linkedFrom ?? []) {
      console.warn(`[links] "${doc._id}" (${doc._type}) is past its "Sichtbar bis": the link to it in document "${source.id}" (${source.type}), field "${source.field}" is shown as plain text. Remove or change that link.`);
    }
  }
  const manifest = createManifest({
    buildId: buildIdFromEnv(manifestEnv, startedAt),
    startedAt,
    source,
    trigger,
    documents: await getRevisions(),
    // The pages' "now", so a pinned KSP_BUILD_NOW and the pages agree on what comes next.
    nextChange: nextChange(timed, buildNow()),
    hidden,
  });
  return new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
