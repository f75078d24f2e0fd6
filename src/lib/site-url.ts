// The canonical origin of the site: SITE_URL, else Netlify's URL, else the local preview.
export function siteUrl(env: Record<string, string | undefined>): string {
  const raw = env.SITE_URL?.trim() || env.URL?.trim() || 'http://localhost:4321';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`SITE_URL "${raw}" is not an absolute URL. Set it to the public origin, e.g. https://servicepoint.kassel.de`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`SITE_URL "${raw}" must start with https:// (or http:// for local previews).`);
  }
  return url.origin;
}
