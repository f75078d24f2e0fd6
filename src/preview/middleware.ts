// The preview server in front of every page: the handshake routes, the session check, the CMS
// image variants, and the request scope in which a page renders from the drafts. Added to the
// preview build only (./integration.ts); the static build never runs it.
import { defineMiddleware } from 'astro:middleware';
import { ContentContractError } from '../../core/content/errors.ts';
import { runInScope } from '../lib/content/scope.ts';
import { IMAGE_ROUTE } from '../../core/images.ts';
import { createSanityClient, perspectiveSource } from '../lib/sanity/source.ts';
import { readPreviewConfig, type PreviewConfig } from './config.ts';
import { createContentCache } from './content-cache.ts';
import { createLiveChannel, LIVE_PATH } from './live.ts';
import { previewHeaders } from './headers.ts';
import { forwardImage } from './image-forward.ts';
import { describePreviewProblems } from './problems.ts';
import { loadPreviewRelease, topRelease } from './release.ts';
import { contentProblems, misconfigured, previewEnded, unauthorized } from './responses.ts';
import {
  checkHandshake,
  createSessionCheck,
  DISABLE_PATH,
  ENABLE_PATH,
  parsePerspective,
  PERSPECTIVE_COOKIE,
  PERSPECTIVE_PATH,
  perspectiveKey,
  PREVIEW_COOKIE,
  sessionCookie,
} from './session.ts';

interface Setup {
  config: PreviewConfig;
  client: ReturnType<typeof createSanityClient>;
  isValidSession: ReturnType<typeof createSessionCheck>;
  /** One source per perspective in use (a stateless client each; nothing is cached in them). */
  sources: Map<string, ReturnType<typeof perspectiveSource>>;
  contentVersion: ReturnType<typeof createContentCache>;
  live: ReturnType<typeof createLiveChannel>;
}

let setup: Setup | Error | undefined;
function previewSetup(): Setup | Error {
  if (!setup) {
    try {
      const config = readPreviewConfig();
      const client = createSanityClient(config.sanity, 'raw');
      setup = { config, client, isValidSession: createSessionCheck(client), sources: new Map(), contentVersion: createContentCache(), live: createLiveChannel(client) };
    } catch (error) {
      setup = error instanceof Error ? error : new Error(String(error));
      console.error(`preview: ${setup.message}`);
    }
  }
  return setup;
}

export const onRequest = defineMiddleware(async (context, next) => {
  const { url } = context;
  const ready = previewSetup();
  if (ready instanceof Error) return misconfigured(previewHeaders(url.pathname, "'none'"));
  const { config, client, isValidSession, sources, contentVersion, live } = ready;
  const headers = previewHeaders(url.pathname, config.studioOrigin);

  if (url.pathname === ENABLE_PATH) {
    const handshake = await checkHandshake(client, url);
    if (!handshake) return unauthorized(headers);
    const response = new Response(null, { status: 307, headers: { ...headers, Location: handshake.redirectTo } });
    response.headers.append('Set-Cookie', sessionCookie(PREVIEW_COOKIE, handshake.secret, url));
    response.headers.append('Set-Cookie', sessionCookie(PERSPECTIVE_COOKIE, perspectiveKey(handshake.perspective), url));
    return response;
  }
  if (url.pathname === DISABLE_PATH) {
    const response = previewEnded(headers);
    response.headers.append('Set-Cookie', sessionCookie(PREVIEW_COOKIE, '', url, 0));
    response.headers.append('Set-Cookie', sessionCookie(PERSPECTIVE_COOKIE, '', url, 0));
    return response;
  }
  if (!(await isValidSession(context.cookies.get(PREVIEW_COOKIE)?.value))) return unauthorized(headers);
  if (url.pathname === PERSPECTIVE_PATH) {
    // The Studio's perspective menu (drafts, published, a release), sent by the overlay script.
    if (context.request.method !== 'POST') return new Response('POST only', { status: 405, headers: { ...headers, Allow: 'POST' } });
    // 205 (reset content): the page shows another perspective now and must be fetched again.
    const perspective = perspectiveKey(parsePerspective((await context.request.text()).slice(0, 1000)));
    const changed = perspective !== perspectiveKey(parsePerspective(context.cookies.get(PERSPECTIVE_COOKIE)?.value));
    return new Response(null, { status: changed ? 205 : 204, headers: { ...headers, 'Set-Cookie': sessionCookie(PERSPECTIVE_COOKIE, perspective, url) } });
  }
  if (url.pathname.startsWith(IMAGE_ROUTE)) return forwardImage(url.pathname, config.publicSite ?? context.site, headers);
  if (url.pathname === LIVE_PATH) return live(headers);

  const perspective = parsePerspective(context.cookies.get(PERSPECTIVE_COOKIE)?.value);
  const key = perspectiveKey(perspective);
  let source = sources.get(key);
  if (!source) {
    // Perspectives come from the browser: a few are normal, many are not kept.
    if (sources.size >= 16) sources.clear();
    sources.set(key, (source = perspectiveSource(config.sanity, perspective)));
  }

  const now = config.pinnedNow ?? new Date();
  const releaseName = topRelease(perspective);
  const [version, release] = await Promise.all([contentVersion(source.client, key, now), releaseName ? loadPreviewRelease(client, releaseName) : undefined]);
  let rendered: Response | undefined;
  try {
    rendered = await runInScope({ source, now, memo: version.memo, preview: { studioUrl: config.studioUrl, release } }, async () => {
      let response = await next();
      // An address that names no page (routeProps found none): the not-found page of its
      // language, as the static site's host serves it.
      if (response.status === 404 && response.body === null) {
        response = await context.rewrite(url.pathname.startsWith('/en/') ? '/en/404/' : '/404/');
        return new Response(await response.arrayBuffer(), { status: 404, headers: response.headers });
      }
      // The body is read inside the scope: no part of the page renders outside it.
      return new Response(await response.arrayBuffer(), response);
    });
  } catch (error) {
    // The site settings or opening hours of this perspective break the contract: no page can
    // render without them (parseWhole), so the editor is told what to correct.
    if (!(error instanceof ContentContractError)) throw error;
    rendered = contentProblems(describePreviewProblems({ problems: error.problems, titles: new Map(), leftOut: new Set() }, config.studioUrl), headers);
  } finally {
    // Shared with later requests only when the page rendered; checked off the request's path.
    version.done(rendered !== undefined && rendered.status < 500).catch((error: unknown) => console.error(`preview: content check failed: ${(error as Error).message}`));
  }
  for (const [name, value] of Object.entries(headers)) rendered.headers.set(name, value);
  return rendered;
});
