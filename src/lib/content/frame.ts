// What the frame of every page (src/layouts/BaseLayout.astro) shows from the content: the site
// settings (title, alert banner, default image, contact) and the pages the footer links. Pages
// fetch it here and hand it down; the layout itself loads nothing. Pages import the content
// layer before their view: the bundle chunk every page shares then ends with BaseLayout, and the
// site's stylesheet keeps its name (_astro/BaseLayout.<hash>.css) instead of taking this file's.
import { routeProps, type RouteContext, type PathEntry } from '../route-props.ts';
import { getPages, getSiteSettings, type Page, type SiteSettings } from './index.ts';
import { scoped } from './scope.ts';
import { getSearchContext, type SearchContext } from './search-context.ts';

export interface PageFrame {
  settings: SiteSettings;
  /** All CMS pages: the footer links some by type, feedback forms link the privacy statement. */
  pages: Page[];
}

/** Once per build or preview request. */
export const getPageFrame = scoped(async (): Promise<PageFrame> => {
  const [settings, pages] = await Promise.all([getSiteSettings(), getPages()]);
  return { settings, pages };
});

/**
 * A detail page's props (routeProps: the same in the static build and the preview) with the frame
 * and the search context its SearchMeta needs; undefined when the address names no page.
 */
export async function detailPageProps<P>(route: RouteContext, getStaticPaths: () => Promise<readonly PathEntry<P>[]> | readonly PathEntry<P>[]): Promise<(P & { frame: PageFrame; searchContext: SearchContext }) | undefined> {
  const props = await routeProps(route, getStaticPaths);
  if (!props) return undefined;
  const [frame, searchContext] = await Promise.all([getPageFrame(), getSearchContext()]);
  return { ...props, frame, searchContext };
}
