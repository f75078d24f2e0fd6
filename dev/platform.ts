// The platform of `npm start` in one call, also used by the browser tests and the bench: the
// local Content Lake serving the built Studio, and the publish server (server/publish-app.ts)
// building the site from the lake whenever the lake's signed webhook reports a publish,
// unpublish or delete. The webhook secret is made per start; nothing else needs configuring.
import { randomBytes } from 'node:crypto';
import { inheritedEnv } from './config.ts';
import { startLake, type Lake, type LakeOptions } from './lake/index.ts';
import { createPublishApp } from '../server/publish-app.ts';
import { readPublishServerConfig } from '../server/config.ts';

export interface LocalPlatformOptions {
  repoRoot: string;
  lakeDir: string;
  studioDir: string;
  /** Port of the lake and the Studio (0: a free one). */
  studioPort?: number;
  /** Port of the site (0: a free one). */
  sitePort?: number;
  /** Interface the site listens on (default 127.0.0.1). */
  host?: string;
  /**
   * Extra settings of the publish server (RELEASES_DIR, DAILY_REBUILD …) and its builds
   * (KSP_CONTENT_CACHE …), over the developer's environment (dev/config.ts).
   */
  env?: Record<string, string>;
  lakeLog?: LakeOptions['log'];
  /** How the Studio signs in (LakeOptions.signIn); browser tests pass `automatic`, `npm start` never. */
  lakeSignIn?: LakeOptions['signIn'];
  publishLog?: (line: string, level: 'info' | 'error') => void;
  /** The publish server's clock (tests of timed content); default the real one. */
  now?: () => Date;
}

export interface LocalPlatform {
  lake: Lake;
  /** The Studio; also the lake's API host. */
  studioUrl: string;
  siteUrl: string;
  app: ReturnType<typeof createPublishApp>;
  close(): Promise<void>;
}

export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const secret = randomBytes(32).toString('base64');
  let webhookUrl = '';
  const lake = await startLake({
    dir: options.lakeDir,
    port: options.studioPort ?? 0,
    studioDir: options.studioDir,
    // The publish server's address is known once it listens, before anything is published.
    webhook: { url: () => webhookUrl, secret },
    log: options.lakeLog,
    signIn: options.lakeSignIn,
  });
  // The site's builds read the lake like a Sanity project: published perspective, no token.
  // Page feedback goes into the lake with the editor's token (the publish server's config keeps
  // it from the builds), and so does the unpublishing of documents past "Sichtbar bis"; the
  // Studio is served by the lake, so its origin is the one that may read the build status.
  const lakeEnv = {
    SANITY_PROJECT_ID: lake.projectId,
    SANITY_DATASET: lake.dataset,
    SANITY_API_HOST: lake.url,
    SANITY_FEEDBACK_TOKEN: lake.token,
    SANITY_UNPUBLISH_TOKEN: lake.token,
    STUDIO_ORIGIN: lake.url,
  };
  let app: ReturnType<typeof createPublishApp>;
  try {
    const config = readPublishServerConfig(
      { ...inheritedEnv(), ...lakeEnv, ...options.env, SANITY_WEBHOOK_SECRET: secret, PORT: String(options.sitePort ?? 0), HOST: options.host ?? '127.0.0.1' },
      options.repoRoot,
    );
    app = createPublishApp(config, options.publishLog, options.now ? { now: options.now } : {});
  } catch (error) {
    await lake.close();
    throw error;
  }
  let siteUrl: string;
  try {
    siteUrl = await app.start();
  } catch (error) {
    await lake.close();
    throw error;
  }
  webhookUrl = `${siteUrl}/webhooks/sanity`;
  return {
    lake,
    studioUrl: lake.url,
    siteUrl,
    app,
    async close() {
      await app.stop();
      await lake.close();
    },
  };
}
