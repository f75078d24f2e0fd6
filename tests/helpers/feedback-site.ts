// The built site with page feedback, as the publish server serves it: static files with the
// headers of netlify.toml, and /api/feedback through the publish server's feedback route (the
// shared handler with its spool), storing into memory instead of Sanity. On 127.0.0.1, free port.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFeedbackRoute } from '../../server/feedback-route.ts';
import { createNetlifyStaticHandler } from '../../server/static-server.ts';
import { siteImageSettings } from './browser.ts';
import { isFeedbackPath } from '../../core/feedback/handler.ts';
import { readFeedbackConfig } from '../../core/feedback/env.ts';
import type { FeedbackDocument } from '../../core/feedback/model.ts';
import { StoreUnavailableError, type FeedbackStore } from '../../core/feedback/store.ts';
import { loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { root, siteDirUnderTest } from './browser.ts';

export const TEST_FEEDBACK_TOKEN = 'skTestFeedbackToken0123456789abcdefghijklmnop';

/** A store in memory that refuses an existing id like Sanity, and can be switched off. */
export function createMemoryFeedbackStore() {
  const documents = new Map<string, FeedbackDocument>();
  let reachable = true;
  const store: FeedbackStore & { documents: Map<string, FeedbackDocument>; setReachable(value: boolean): void } = {
    documents,
    setReachable(value) {
      reachable = value;
    },
    async save(doc) {
      if (!reachable) throw new StoreUnavailableError('Sanity is unreachable (test)');
      if (documents.has(doc._id)) return 'duplicate';
      documents.set(doc._id, doc);
      return 'stored';
    },
  };
  return store;
}

export interface FeedbackSite {
  url: string;
  store: ReturnType<typeof createMemoryFeedbackStore>;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function serveSiteWithFeedback(dir = siteDirUnderTest()): Promise<FeedbackSite> {
  const siteDir = path.resolve(root, dir);
  const rules = loadNetlifyRules(path.join(root, 'netlify.toml'));
  const spoolDir = await mkdtemp(path.join(tmpdir(), 'ksp-feedback-spool-'));
  const store = createMemoryFeedbackStore();
  const logs: Record<string, unknown>[] = [];
  const route = createFeedbackRoute({
    settings: { ok: true, config: readFeedbackConfig({ SANITY_PROJECT_ID: 'test1234', SANITY_DATASET: 'production', SANITY_FEEDBACK_TOKEN: TEST_FEEDBACK_TOKEN }), spoolDir },
    siteRoot: () => siteDir,
    rules,
    log: (event) => logs.push(event),
    store,
  });
  const serveStatic = createNetlifyStaticHandler(() => siteDir, rules, undefined, siteImageSettings());
  const server = createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (isFeedbackPath(urlPath)) {
      route.handle(req, res, urlPath).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
      return;
    }
    void serveStatic(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    logs,
    close: async () => {
      route.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
}
