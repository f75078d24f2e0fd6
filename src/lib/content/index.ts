// The site's content API: pages call these getters and receive validated view models. Each
// content type's query, contract and loader live in its folder (src/content-types/<type>/);
// this module binds them to the source of the current scope (./scope.ts) and runs each query
// once per build, or once per preview request.
import { loadEvents, type KspEvent } from '../../content-types/event/content.ts';
import { loadOpeningHours, type OpeningHoursDoc } from '../../content-types/openingHours/content.ts';
import { loadPages, type Page } from '../../content-types/page/content.ts';
import { loadPartners, type Partner } from '../../content-types/partner/content.ts';
import { loadPressItems, type PressItem } from '../../content-types/pressItem/content.ts';
import { loadServices, type Service, type ServiceCardData } from '../../content-types/service/content.ts';
import { loadSiteSettings, type SiteSettings } from '../../content-types/siteSettings/content.ts';
import type { ContentSource } from '../sanity/source.ts';
import { buildNow } from '../build-date.ts';
import { isVisibleAt } from '../../../core/timed-content.ts';
import type { HiddenDocument } from '../../../core/publish/build-manifest.ts';
import { reportAndRethrow } from './problem-report.ts';
import { loadRevisions } from './revisions.ts';
import { currentScope, scoped } from './scope.ts';

export { ContentContractError } from '../../../core/content/errors.ts';
export type { Problem } from '../../../core/content/problem.ts';
export type { KspEvent, OpeningHoursDoc, Page, Partner, PressItem, Service, ServiceCardData, SiteSettings };

/** Loads once; a contract error is also reported for the publish server (./problem-report.ts). */
function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load().catch((error: unknown) => reportAndRethrow(error)));
}

/**
 * The content API over one source; each getter queries once and caches its result. Press items
 * and pages past their "Sichtbar bis" at `now` (the build's instant) are left out, so a build at
 * or after that minute no longer shows them (core/timed-content.ts).
 */
export function createContentApi(source: ContentSource, now: () => Date = buildNow) {
  const allPressItems = memo(() => loadPressItems(source));
  const allPages = memo(() => loadPages(source));
  return {
    getServices: memo(() => loadServices(source)),
    getPartners: memo(() => loadPartners(source)),
    getPressItems: memo(async () => (await allPressItems()).filter((item) => isVisibleAt(item, now()))),
    getEvents: memo(() => loadEvents(source)),
    getPages: memo(async () => (await allPages()).filter((page) => isVisibleAt(page, now()))),
    /** Published press items and pages this build leaves out: their "Sichtbar bis" has passed. */
    getHiddenDocuments: memo(async (): Promise<HiddenDocument[]> =>
      [...(await allPressItems()), ...(await allPages())]
        .filter((doc) => !isVisibleAt(doc, now()))
        .map((doc) => ({ _id: doc._id, _type: 'pageType' in doc ? 'page' : 'pressItem', title: doc.title.de, visibleUntil: doc.visibleUntil! })),
    ),
    getOpeningHours: memo(() => loadOpeningHours(source)),
    getSiteSettings: memo(() => loadSiteSettings(source)),
    getRevisions: memo(() => loadRevisions(source)),
  };
}

export type ContentApi = ReturnType<typeof createContentApi>;

// One content API per scope: the build's source, or the preview request's.
const content = scoped((): ContentApi => createContentApi(currentScope().source));

// The getters pages use: bound to the source of the current scope.
export const getServices = () => content().getServices();
export const getPartners = () => content().getPartners();
export const getPressItems = () => content().getPressItems();
export const getEvents = () => content().getEvents();
export const getPages = () => content().getPages();
export const getOpeningHours = () => content().getOpeningHours();
export const getSiteSettings = () => content().getSiteSettings();
export const getRevisions = () => content().getRevisions();
export const getHiddenDocuments = () => content().getHiddenDocuments();
