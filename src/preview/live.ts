// Tells open preview pages when content changed, so they follow an edit as soon as the Content
// Lake has it. The Studio's own refresh signal comes a second after the last keystroke (its
// edit state is debounced); this channel comes when the change is visible to queries.
//
// One listener on the Content Lake for the whole server, started with the first open page and
// stopped with the last. Pages get server-sent events that say only "changed", never what.
// Not on Netlify: a function cannot hold a listener; there the Studio's signal alone refreshes.
import type { SanityClient } from '@sanity/client';
import type { Subscription } from 'rxjs';

export const LIVE_PATH = '/preview/live';

/** Every document but Sanity's system documents; drafts included (the client has a token). */
const LIVE_QUERY = '*[!(_id in path("_.**"))]';
const KEEPALIVE_MS = 25_000;
/** A stream ends after this; the browser reconnects, and the session is checked again. */
const STREAM_MS = 10 * 60_000;
const RETRY_MS = 5_000;

const canListen = () => typeof (globalThis as { Netlify?: unknown }).Netlify === 'undefined';

export function createLiveChannel(client: SanityClient) {
  const pages = new Set<(text: string) => void>();
  let subscription: Subscription | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const broadcast = (text: string) => {
    for (const send of pages) send(text);
  };

  function listen(): void {
    if (subscription || pages.size === 0) return;
    subscription = client
      .listen(LIVE_QUERY, {}, { includeResult: false, includeMutations: false, visibility: 'query', events: ['mutation'], tag: 'ksp.preview.live' })
      .subscribe({
        next: () => broadcast('event: change\ndata: \n\n'),
        error: (error: unknown) => {
          console.error(`preview: listening to the Content Lake failed (${(error as Error).message}); trying again in ${RETRY_MS / 1000} s`);
          subscription = undefined;
          retry ??= setTimeout(() => {
            retry = undefined;
            listen();
          }, RETRY_MS);
        },
      });
  }

  function stop(): void {
    if (pages.size > 0) return;
    subscription?.unsubscribe();
    subscription = undefined;
    clearTimeout(retry);
    retry = undefined;
  }

  /** The event stream of one page; 204 (the browser stops asking) where there is no listener. */
  return function stream(headers: Record<string, string>): Response {
    if (!canListen()) return new Response(null, { status: 204, headers });
    const encoder = new TextEncoder();
    let send: ((text: string) => void) | undefined;
    let timers: ReturnType<typeof setTimeout>[] = [];
    const close = () => {
      if (send) pages.delete(send);
      send = undefined;
      timers.forEach(clearTimeout);
      timers = [];
      stop();
    };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        send = (text) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            close();
          }
        };
        pages.add(send);
        send('retry: 2000\n\n');
        timers = [
          setInterval(() => send?.(': keep-alive\n\n'), KEEPALIVE_MS),
          setTimeout(() => {
            close();
            controller.close();
          }, STREAM_MS),
        ];
        listen();
      },
      cancel: close,
    });
    return new Response(body, { headers: { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', 'X-Accel-Buffering': 'no' } });
  };
}
