// What the frame of every page (src/layouts/BaseLayout.astro) shows from the content: the site
// settings (title, alert banner, default image, contact) and the pages the footer links. Pages
// fetch it here and hand it down; the layout itself loads nothing. Pages import the content
// layer before their view: the bundle chunk every page shares then ends with BaseLayout, and the
// site's stylesheet keeps its name (_astro/BaseLayout.<hash>.css) instead of taking this file's.
import { getPages, getSiteSettings, type Page, type SiteSettings } from './index.ts';
import { scoped } from './scope.ts';

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
