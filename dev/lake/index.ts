// startLake(): the local Content Lake as a module, for `npm start`, the CLI (scripts/lake.ts)
// and the tests. State lives in `dir` (`npm start`: lake/ in the state directory, KSP_STATE_DIR); an empty directory is seeded from
// content/dataset.ndjson through the lake's own API (dev/seed.ts, the same code that seeds
// a real project), drafts and images included.
import type { AddressInfo } from 'node:net';
import { createClient, type SanityClient } from '@sanity/client';
import path from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { seed } from '../seed.ts';
import { loadIdentity } from './identity.ts';
import { DEFAULT_QUERY_BUDGET_MS } from './query-runner.ts';
import { createLakeServer, type LakeRequest } from './server.ts';
import { LakeStore, type RawDocument } from './store.ts';
import { REBUILD_TYPES, WEBHOOK_FILTER, WEBHOOK_PROJECTION } from '../../core/registry.ts';
import { isDraftOrVersionId, isRootPathId } from '../../core/sanity/ids.ts';
import { createWebhookSender, type Delivery } from './webhooks.ts';
import { systemClock, type LakeClock, type ReleaseScheduler } from './releases.ts';

export type { LakeRequest } from './server.ts';
export type { LakeClock } from './releases.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DEFAULT_SEED_FILE = path.join(ROOT, 'content', 'dataset.ndjson');
export const LOCAL_PROJECT_ID = 'ksp-local';
export const LOCAL_DATASET = 'production';
export const LAKE_API_VERSION = '2025-02-19';

export interface LakeOptions {
  /** State directory (`npm start`: lake/ in KSP_STATE_DIR); null keeps everything in memory (no assets). */
  dir: string | null;
  /** NDJSON to seed an empty lake with; false starts empty. Default content/dataset.ndjson. */
  seedFile?: string | false;
  /**
   * Fixtures (tests, the bench): the lake starts with exactly these documents, kept as given
   * (LakeStore.loadDocuments), in an empty state; no seed runs.
   */
  documents?: readonly RawDocument[];
  /** The editor's token, fixed (tests); default a random one kept in `<dir>/token`. */
  token?: string;
  /**
   * How the Studio signs in. `code` (default, `npm start`): the login page asks for a one-time
   * code that the lake announces through `log` (`{event: 'login-code', code, message}`), so only
   * who sees the terminal becomes the editor. `automatic`: no step, the Studio is signed in at
   * once; for browser tests only.
   */
  signIn?: 'code' | 'automatic';
  /** Browser origins besides the lake's own that may call its API (tests). */
  allowedOrigins?: readonly string[];
  /**
   * How long one GROQ query over HTTP may run, in milliseconds (default 10,000). Queries run in a
   * worker thread, so an expensive one never stalls the process (the site under `npm start`); one
   * over budget is stopped and answered 408 `queryTimeout`.
   */
  queryBudgetMs?: number;
  /** Called once for every request, after it is answered: what was asked, how it was answered. */
  onRequest?: (request: LakeRequest) => void;
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** A built Studio (studio/dist) to serve on the same port; its API host is then the lake itself. */
  studioDir?: string;
  /** Signed webhook after every publish, unpublish or delete of a rendered type. */
  webhook?: { url: string | (() => string); secret: string; filter?: string; projection?: string; retryDelaysMs?: number[] };
  projectId?: string;
  dataset?: string;
  /**
   * The lake's time and timers: transaction times and the scheduler that publishes scheduled
   * releases. Default the system clock; tests pass one they advance themselves.
   */
  clock?: LakeClock;
  log?: (event: Record<string, unknown>) => void;
}

export interface Lake {
  /** The API host for @sanity/client (`apiHost`) and the Studio's address, e.g. http://localhost:3333. */
  url: string;
  projectId: string;
  dataset: string;
  /** The token of the local editor (what the Studio receives at sign-in). */
  token: string;
  store: LakeStore;
  /** Endpoints asked for that the lake does not implement (answered with 501). */
  unsupported: readonly string[];
  /** Deliveries of the webhook, in order. */
  deliveries: Delivery[];
  /** The scheduler of scheduled releases: `runDue()` publishes what is due by the lake's clock. */
  releases: ReleaseScheduler;
  /** Resolves when every webhook in flight is delivered and the state is on disk. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A @sanity/client on the lake with the local editor's token, configured as for a real project
 * apart from the host. `apiHost`: another address of the same lake (e.g. 127.0.0.1).
 */
export function lakeClient(lake: Pick<Lake, 'url' | 'projectId' | 'dataset' | 'token'>, apiHost = lake.url): SanityClient {
  return createClient({ projectId: lake.projectId, dataset: lake.dataset, apiVersion: LAKE_API_VERSION, apiHost, useProjectHostname: false, token: lake.token, useCdn: false });
}

/** Removes the lake's state so the next start seeds it again. */
export async function resetLake(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * A lake kept from before the embedded dataset's ids lost their dot (`service.x` → `service-x`)
 * holds published site documents that a build without a token cannot read, as on Sanity: the
 * site would miss them. Said once at start, with the way out; nothing is changed on its own,
 * because the state may hold an editor's work.
 */
function warnOfHiddenIds(store: LakeStore, dir: string | null, log: (event: Record<string, unknown>) => void): void {
  const siteTypes = new Set<string>(REBUILD_TYPES);
  const hidden = [...store.all()].filter((doc) => siteTypes.has(doc._type) && !isRootPathId(doc._id) && !isDraftOrVersionId(doc._id)).map((doc) => doc._id);
  if (hidden.length === 0) return;
  log({
    event: 'error',
    error:
      `${hidden.length === 1 ? '1 published document has' : `${hidden.length} published documents have`} a dot in their id (e.g. ${hidden.slice(0, 3).join(', ')}), so the site, which reads without a token as on a public Sanity dataset, cannot see them. ` +
      `They come from an earlier version of content/dataset.ndjson. Run \`npm run lake:reset\` to seed the lake again (this deletes the lake's state in ${dir}), or copy your changes into new documents first.`,
  });
}

export async function startLake(options: LakeOptions): Promise<Lake> {
  const { dir } = options;
  const projectId = options.projectId ?? LOCAL_PROJECT_ID;
  const dataset = options.dataset ?? LOCAL_DATASET;
  const log = options.log ?? (() => undefined);
  const datasetDir = dir ? path.join(dir, dataset) : null;
  if (dir) await mkdir(dir, { recursive: true });
  const clock = options.clock ?? systemClock;
  const store = new LakeStore(datasetDir, () => clock.now());
  const loaded = await store.load();
  if (options.documents) {
    if (loaded) throw new Error(`startLake: "documents" needs an empty lake, but ${dir} holds the state of an earlier run. Use dir: null or a new directory.`);
    store.loadDocuments(options.documents);
  }
  if (loaded) warnOfHiddenIds(store, dir, log);
  const identity = await loadIdentity(dir, options.token);
  const lake = createLakeServer({
    store,
    identity,
    projectId,
    dataset,
    assetsDir: datasetDir ? path.join(datasetDir, 'assets') : null,
    studioDir: options.studioDir,
    allowedOrigins: options.allowedOrigins ?? [],
    queryBudgetMs: options.queryBudgetMs ?? DEFAULT_QUERY_BUDGET_MS,
    signIn: options.signIn ?? 'code',
    log,
    onRequest: options.onRequest,
    clock,
  });
  await new Promise<void>((resolve, reject) => {
    lake.server.once('error', reject);
    lake.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      lake.server.off('error', reject);
      resolve();
    });
  });
  const { port } = lake.server.address() as AddressInfo;
  // `localhost`, not 127.0.0.1: the Studio's client puts the project id in front of the host
  // (ksp-local.localhost), which browsers resolve to this machine.
  const url = `http://localhost:${port}`;
  lake.setPublicUrl(url);

  if (!loaded && !options.documents && options.seedFile !== false) {
    const file = options.seedFile ?? DEFAULT_SEED_FILE;
    try {
      await seed({ projectId, dataset, token: identity.token, apiHost: url, file, log: (line) => log({ event: 'seed', line }) });
    } catch (error) {
      lake.server.closeAllConnections();
      lake.server.close();
      lake.releases.close();
      await lake.closeQueries();
      throw new Error(`Seeding the local lake from ${path.relative(ROOT, file)} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  // Webhooks start after the seed: seeding is not publishing.
  const deliveries: Delivery[] = [];
  const pending = new Set<Promise<unknown>>();
  if (options.webhook) {
    const sender = createWebhookSender({
      url: options.webhook.url,
      secret: options.webhook.secret,
      filter: options.webhook.filter ?? WEBHOOK_FILTER,
      projection: options.webhook.projection ?? WEBHOOK_PROJECTION,
      projectId,
      dataset,
      retryDelaysMs: options.webhook.retryDelaysMs,
      log,
    });
    store.onTransaction((transaction) => {
      const sent = sender.send(transaction).then(
        (results) => deliveries.push(...results),
        (error: unknown) => log({ event: 'webhook-error', error: (error as Error).message }),
      );
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    });
  }

  const settled = async () => {
    await lake.releases.idle();
    while (pending.size > 0) await Promise.allSettled([...pending]);
    await store.flushed();
  };
  return {
    url,
    projectId,
    dataset,
    token: identity.token,
    store,
    unsupported: lake.unsupported,
    deliveries,
    releases: lake.releases,
    settled,
    async close() {
      lake.releases.close();
      lake.closeSockets();
      lake.server.closeAllConnections();
      await new Promise<void>((resolve) => lake.server.close(() => resolve()));
      await settled();
      await lake.closeQueries();
      await store.close();
    },
  };
}
