// The site's content API: pages call these getters and receive validated view models. Each
// content type's query, contract and loader live in its folder (src/content-types/<type>/);
// this module binds them to the source of the current scope (./scope.ts) and runs each query
// once per build, or once per preview request.
import { loadEvents, type KspEvent } from '../../content-types/event/content.ts';
import { loadOpeningHours, type OpeningHoursDoc } from '../../content-types/openingHours/content.ts';
import { loadPages, type Page } from '../../content-types/page/content.ts';
import { loadNotAtKsp, type NotAtKsp } from '../../content-types/notAtKsp/content.ts';
import { loadPartners, type Partner } from '../../content-types/partner/content.ts';
import { loadPressItems, type PressItem } from '../../content-types/pressItem/content.ts';
import { loadServices, type Service, type ServiceCardData } from '../../content-types/service/content.ts';
import { loadSiteSettings, type SiteSettings } from '../../content-types/siteSettings/content.ts';
import type { ContentSource } from '../sanity/source.ts';
import { buildNow } from '../build-date.ts';
import { isVisibleAt } from '../../../core/timed-content.ts';
import type { HiddenDocument } from '../../../core/publish/build-manifest.ts';
import { createGoneCheck, dropGoneLinks, goneLinkSources } from '../../../core/links.ts';
import { pagePath, sectionPath } from '../../../core/i18n/index.ts';
import { loadLinkDocuments } from './link-documents.ts';
import { reportAndRethrow } from './problem-report.ts';
import { loadRevisions } from './revisions.ts';
import { currentScope, scoped } from './scope.ts';

export { ContentContractError } from '../../../core/content/errors.ts';
export type { Problem } from '../../../core/content/problem.ts';
export type { KspEvent, NotAtKsp, OpeningHoursDoc, Page, Partner, PressItem, Service, ServiceCardData, SiteSettings };

/** Loads once; a contract error is also reported for the publish server (./problem-report.ts). */
function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load().catch((error: unknown) => reportAndRethrow(error)));
}

/**
 * The content API over one source; each getter queries once and caches its result. Press items
 * and pages past their "Sichtbar bis" at `now` (the build's instant) are left out, so a build at
 * or after that minute no longer shows them (core/timed-content.ts). Links to their pages are
 * dropped from everything the getters return (core/links.ts dropGoneLinks: the words stay, the
 * link goes; a menu entry goes), so the build's link check passes and no page links to a page
 * that is gone; getHiddenDocuments says where those links sit, so the editor can fix them.
 */
export function createContentApi(source: ContentSource, now: () => Date = buildNow) {
  const allPressItems = memo(() => loadPressItems(source));
  const allPages = memo(() => loadPages(source));
  const expired = memo(async () => ({
    pressItems: (await allPressItems()).filter((item) => !isVisibleAt(item, now())),
    pages: (await allPages()).filter((page) => !isVisibleAt(page, now())),
  }));
  // Editors write internal links as paths ("/presse/…"), which is all this matches.
  const isGone = memo(async () => {
    const { pressItems, pages } = await expired();
    return createGoneCheck(
      [
        ...pressItems.flatMap((item) => [sectionPath('press', 'de', item.slug), sectionPath('press', 'en', item.slug)]),
        ...pages.flatMap((page) => [pagePath(page.slug, 'de'), ...(page.slugEn ? [pagePath(page.slugEn, 'en')] : [])]),
      ],
      '',
    );
  });
  const withoutGoneLinks =
    <T>(load: () => Promise<T>) =>
    async () => {
      const { pressItems, pages } = await expired();
      // Nothing has ended (nearly every build): nothing to walk.
      return pressItems.length + pages.length === 0 ? load() : dropGoneLinks(await load(), await isGone());
    };
  return {
    getServices: memo(withoutGoneLinks(() => loadServices(source))),
    getPartners: memo(withoutGoneLinks(() => loadPartners(source))),
    getPressItems: memo(withoutGoneLinks(async () => (await allPressItems()).filter((item) => isVisibleAt(item, now())))),
    getEvents: memo(withoutGoneLinks(() => loadEvents(source))),
    getPages: memo(withoutGoneLinks(async () => (await allPages()).filter((page) => isVisibleAt(page, now())))),
    /**
     * Published press items and pages this build leaves out (their "Sichtbar bis" has passed),
     * each with the links to it the site dropped: document and field, for the Studio and the log.
     */
    getHiddenDocuments: memo(async (): Promise<HiddenDocument[]> => {
      const { pressItems, pages } = await expired();
      const hidden = [...pressItems.map((doc) => ({ doc, _type: 'pressItem', paths: [sectionPath('press', 'de', doc.slug), sectionPath('press', 'en', doc.slug)] })),
        ...pages.map((doc) => ({ doc, _type: 'page', paths: [pagePath(doc.slug, 'de'), ...(doc.slugEn ? [pagePath(doc.slugEn, 'en')] : [])] }))];
      if (hidden.length === 0) return [];
      const hiddenIds = new Set(hidden.map(({ doc }) => doc._id));
      // The raw documents, for the field paths the Studio names ("Inhalt › Deutsch › Nr. 4").
      const documents = (await loadLinkDocuments(source)).filter((doc) => !hiddenIds.has(doc._id) && !isHiddenByDate(doc, now()));
      return hidden.map(({ doc, _type, paths }) => {
        const linkedFrom = goneLinkSources(documents, createGoneCheck(paths, '')).map(({ id, type, field }) => ({ id, type, field }));
        return { _id: doc._id, _type, title: doc.title.de, visibleUntil: doc.visibleUntil!, ...(linkedFrom.length > 0 ? { linkedFrom } : {}) };
      });
    }),
    getOpeningHours: memo(() => loadOpeningHours(source)),
    getNotAtKsp: memo(withoutGoneLinks(() => loadNotAtKsp(source))),
    getSiteSettings: memo(withoutGoneLinks(() => loadSiteSettings(source))),
    getRevisions: memo(() => loadRevisions(source)),
  };
}

/** A raw document of an expiring type past its "Sichtbar bis" (its own links are not on the site). */
function isHiddenByDate(doc: Record<string, unknown>, now: Date): boolean {
  return typeof doc.visibleUntil === 'string' && !isVisibleAt({ visibleUntil: doc.visibleUntil }, now);
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
export const getNotAtKsp = () => content().getNotAtKsp();
export const getSiteSettings = () => content().getSiteSettings();
export const getRevisions = () => content().getRevisions();
export const getHiddenDocuments = () => content().getHiddenDocuments();
