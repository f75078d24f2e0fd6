// Page feedback on the publish server: the shared handler (core/feedback/handler.ts) behind a
// Node request, with the local spool in front of Sanity (feedback-spool.ts), the site's result
// pages read from the live release, and netlify.toml's headers like every other page.
//
// The client address for the rate limit is the socket's peer; when that peer is this machine
// (nginx or Caddy in front, see README) it is the last X-Forwarded-For entry, which the proxy
// appends itself.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFeedbackClient } from '../core/feedback/env.ts';
import { handleFeedbackRequest, handleUnconfigured, type FeedbackDeps, type FeedbackRequest, type ResultTemplate } from '../core/feedback/handler.ts';
import { CHALLENGE_TTL_MS, LIMITS, RESULT_TEMPLATE_PATHS } from '../core/feedback/model.ts';
import { createRateLimiter } from '../core/feedback/rate-limit.ts';
import { createSanityFeedbackStore, type FeedbackStore } from '../core/feedback/store.ts';
import type { Logger } from '../core/publish/log.ts';
import { headersForPath, type NetlifyRules } from '../core/publish/netlify-config.ts';
import { createMemoryReplayStore } from '../core/publish/replay-store.ts';
import type { FeedbackSettings } from './config.ts';
import { createFeedbackSpool, type SpoolStatus } from './feedback-spool.ts';
import { resolveFile } from './static-server.ts';
import { isLoopbackAddress } from '../core/http/loopback.ts';
import { readNodeBody } from '../core/http/read-body.ts';

export interface FeedbackRouteOptions {
  /** From the server's config (readPublishServerConfig): Sanity, token and spool directory, or why not. */
  settings: FeedbackSettings;
  /** Directory of the live site (the current release), once there is one. */
  siteRoot: () => string | undefined;
  rules: NetlifyRules;
  log: Logger;
  /** Replaces the Sanity store (tests). */
  store?: FeedbackStore;
}

export function clientAddressOf(req: IncomingMessage): string | undefined {
  const peer = req.socket.remoteAddress;
  const forwarded = req.headers['x-forwarded-for'];
  if (peer && isLoopbackAddress(peer) && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return peer;
}

export function createFeedbackRoute({ settings, siteRoot, rules, log, store }: FeedbackRouteOptions) {
  async function loadTemplate(locale: keyof typeof RESULT_TEMPLATE_PATHS): Promise<ResultTemplate | undefined> {
    const root = siteRoot();
    const urlPath = RESULT_TEMPLATE_PATHS[locale];
    const file = root ? await resolveFile(root, urlPath) : undefined;
    if (!file) return undefined;
    return { html: await readFile(file.file, 'utf8'), headers: headersForPath(rules, urlPath) };
  }

  let deps: FeedbackDeps | undefined;
  let unconfigured: string | undefined;
  let spool: ReturnType<typeof createFeedbackSpool> | undefined;
  if (settings.ok) {
    const { config, spoolDir } = settings;
    spool = createFeedbackSpool({ dir: spoolDir, inner: store ?? createSanityFeedbackStore(createFeedbackClient(config)), log });
    void spool.start().catch((error: unknown) => log({ event: 'feedback-spool', status: 500, reason: 'start', detail: error instanceof Error ? error.message : String(error) }));
    deps = {
      secrets: config.secrets,
      store: spool,
      replay: createMemoryReplayStore({ ttlMs: CHALLENGE_TTL_MS + 60_000 }),
      limiter: createRateLimiter(),
      now: Date.now,
      log,
      loadTemplate,
    };
  } else {
    unconfigured = settings.reason;
    log({ event: 'feedback', reason: 'unconfigured', detail: settings.reason });
  }

  return {
    spool,
    /** For GET /status: whether feedback gets through, or what an operator must fix. */
    status(): { configured: false; detail: string } | ({ configured: true } & SpoolStatus) {
      return spool ? { configured: true, ...spool.status() } : { configured: false, detail: unconfigured ?? '' };
    },
    async handle(req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<void> {
      // The address first: it belongs to the connection, which a body that ends badly may close.
      const clientAddress = clientAddressOf(req);
      const body = req.method === 'POST' ? await readNodeBody(req, LIMITS.bodyBytes) : new Uint8Array();
      const request: FeedbackRequest = {
        method: req.method ?? 'GET',
        path: urlPath,
        header: (name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value.join(', ') : value;
        },
        body,
        clientAddress,
      };
      const result = deps ? await handleFeedbackRequest(request, deps) : await handleUnconfigured(request, { log, loadTemplate, reason: unconfigured ?? '' });
      // The handler's header names are lower case; netlify.toml's must not add a second copy.
      const siteHeaders = Object.entries(headersForPath(rules, urlPath)).map(([name, value]) => [name.toLowerCase(), value]);
      res.writeHead(result.status, { ...Object.fromEntries(siteHeaders), ...result.headers });
      res.end(result.body);
    },
    stop(): void {
      spool?.stop();
    },
  };
}
