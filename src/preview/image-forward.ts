// The drafts preview's CMS images, passed on to the public site (src/preview/middleware.ts), apart
// from the middleware so that tests can call it without Astro.
import { safeImagePath } from '../../core/images.ts';

/** A first request of a large photo's variant takes the public site up to a few seconds. */
const IMAGE_FETCH_TIMEOUT_MS = 15_000;

/**
 * A CMS image (an original or a variant, src/lib/images.ts): the public site's copy. Its URL
 * names the image's content, so a draft's image is the same there as a published one; the public
 * site makes a variant on its first request (Netlify Image CDN, or the publish server's
 * server/images/image-cdn.ts), and this server needs no image encoder of its own. The public site is
 * SITE_URL when the server has it (the publish server, `npm start`), else the build's `site`.
 */
export async function forwardImage(pathname: string, publicSite: URL | undefined, headers: Record<string, string>): Promise<Response> {
  const notFound = () => new Response('Not found', { status: 404, headers });
  // Only a path whose every segment is plain: `new URL` below would resolve an encoded
  // dot-segment (%2e%2e) and leave /_img/. Astro's Node adapter resolves dots before the
  // middleware sees the path; the check does not rely on a host doing so.
  const imagePath = safeImagePath(pathname);
  if (!publicSite || !imagePath) return notFound();
  const published = await fetch(new URL(imagePath, publicSite), { redirect: 'error', signal: AbortSignal.timeout(IMAGE_FETCH_TIMEOUT_MS) }).catch(() => undefined);
  const type = published?.headers.get('content-type') ?? '';
  if (!published?.ok || !type.startsWith('image/')) return notFound();
  return new Response(await published.arrayBuffer(), { headers: { ...headers, 'Content-Type': type } });
}
