// What the opening hours page gets: the hours as the build sees them, the site settings and the
// directions page it links to.
import { getPages, getSiteSettings } from '../../lib/content/index.ts';
import { getBuildHours } from './build-hours.ts';

export async function hoursPageProps() {
  const [settings, pages, build] = await Promise.all([getSiteSettings(), getPages(), getBuildHours()]);
  return { settings, build, directions: pages.find((p) => p.pageType === 'directions') };
}
