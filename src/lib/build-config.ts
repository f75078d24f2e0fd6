// The settings of the site's code (the Astro configs, the static build, `astro dev`, and the drafts
// preview, which renders the same pages), read from the environment once, at the first use, into
// one object.
// Nothing else in src/ reads process.env (the preview's own settings: src/preview/config.ts).
// A bad value stops the build with a message that names the variable and how to fix it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { triggerFromEnv } from '../../core/publish/build-manifest.ts';
import { readIndexNowKey } from '../../core/publish/indexnow.ts';
import type { BuildTrigger } from '../../core/publish/build-trigger.ts';
import { readSourceConfig, type ContentSourceConfig } from '../../core/sanity/env.ts';
import { allowedImageSources } from '../../core/images.ts';
import { statePath } from '../../core/state-dir.ts';
import { siteUrl } from './site-url.ts';

type Env = Record<string, string | undefined>;

export const DEFAULT_DATASET_FILE = path.resolve(process.cwd(), 'content', 'dataset.ndjson');
export const DEFAULT_CACHE_DIR = path.resolve(process.cwd(), '.cache', 'content');

export interface BuildConfig {
  /** The site's canonical origin (SITE_URL, else Netlify's URL, else http://localhost:4321). */
  siteUrl: string;
  /** KSP_PREVIEW_ADAPTER: `netlify` builds the drafts preview for Netlify (astro.preview.config.mjs). */
  previewAdapter: 'node' | 'netlify';
  /**
   * The build runs in Netlify Build (it then configures Netlify's image service): NETLIFY=true on
   * Netlify's machines, NETLIFY_LOCAL=true in `netlify build` / `netlify serve` elsewhere.
   */
  onNetlify: boolean;
  /** Where the content comes from: a Sanity project (SANITY_*) or an embedded dataset (KSP_CONTENT_FILE). */
  source: ContentSourceConfig;
  /** The content mirror between builds (KSP_CONTENT_CACHE); false queries the source directly. */
  contentCacheDir: string | false;
  /** KSP_CONTENT_REPORT: where a build appends its query and sync figures (bench/build.ts). */
  contentReportFile: string | undefined;
  /** KSP_BUILD_REPORT: where a build appends the content problems that fail it (the publish server). */
  problemReportFile: string | undefined;
  /** "Now" of this build: KSP_BUILD_NOW, else the moment the settings were read. */
  now: Date;
  /** Where the images pages show may come from (core/images.ts allowedImageSources). */
  imageSources: readonly string[];
  /** Fetched remote originals between builds (KSP_IMAGE_CACHE, else image-cache/ of KSP_STATE_DIR). */
  imageCacheDir: string;
  /**
   * KSP_BUILD_CACHE: the cache directory of incremental builds (src/build/incremental.ts); unset,
   * every build renders every page.
   */
  buildCacheDir: string | undefined;
  /**
   * KSP_FAST_PUBLISH=on (the publish server sets it; default off): with a warm build cache, render
   * only the changed pages without `astro build` (src/build/fast-publish.ts).
   */
  fastPublish: boolean;
  /** The variables the build manifest takes its id from (core/publish/build-manifest.ts). */
  manifestEnv: Pick<Env, 'KSP_BUILD_ID' | 'DEPLOY_ID'>;
  /** Why this build runs: the publish server's trigger file (KSP_BUILD_TRIGGER_FILE) or Netlify's hook body. */
  trigger: BuildTrigger;
  /**
   * KSP_PAGE_ORDER_FILE: where `astro build` writes its pages in the order it wrote them
   * (src/integrations/page-order.ts); src/build/build-site.ts sets it for the search index.
   */
  pageOrderFile: string | undefined;
  /** INDEXNOW_KEY: the site then serves it at /<key>.txt (src/integrations/indexnow-key.ts). */
  indexNowKey: string | undefined;
}

/** KSP_CONTENT_CACHE: unset → .cache/content/, `off` → no mirror, anything else → that directory. */
export function readContentCacheDir(env: Env): string | false {
  const value = env.KSP_CONTENT_CACHE?.trim();
  if (!value) return DEFAULT_CACHE_DIR;
  if (value === 'off' || value === '0' || value === 'false') return false;
  return path.resolve(value);
}

/** KSP_BUILD_CACHE: unset or `off` → full builds; anything else → that directory. */
export function readBuildCacheDir(env: Env): string | undefined {
  const value = env.KSP_BUILD_CACHE?.trim();
  if (!value || value === 'off') return undefined;
  return path.resolve(value);
}

/** KSP_FAST_PUBLISH: `on` → fast publishes with a warm build cache; unset or `off` → always astro build. */
export function readFastPublish(env: Env): boolean {
  const value = env.KSP_FAST_PUBLISH?.trim().toLowerCase();
  if (value === 'on') return true;
  if (!value || value === 'off') return false;
  throw new Error(`KSP_FAST_PUBLISH "${env.KSP_FAST_PUBLISH}" is neither "on" nor "off". Set it to "on" for fast publishes (with KSP_BUILD_CACHE), or leave it unset.`);
}

/** The instant KSP_BUILD_NOW pins "now" to, for reproducible test builds and screenshots. */
export function readPinnedNow(env: Env): Date | undefined {
  const pinned = env.KSP_BUILD_NOW;
  if (!pinned) return undefined;
  const date = new Date(pinned);
  if (Number.isNaN(date.getTime())) throw new Error(`KSP_BUILD_NOW "${pinned}" is not a date; use an ISO instant like 2026-12-01T09:00:00+01:00.`);
  return date;
}


/** The text of a trigger file; undefined when it cannot be read (the trigger is then `other`). */
export function readTriggerFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function readBuildConfig(env: Env): BuildConfig {
  return {
    siteUrl: siteUrl(env),
    previewAdapter: env.KSP_PREVIEW_ADAPTER === 'netlify' ? 'netlify' : 'node',
    onNetlify: env.NETLIFY === 'true' || env.NETLIFY_LOCAL === 'true',
    source: readSourceConfig(env, DEFAULT_DATASET_FILE),
    contentCacheDir: readContentCacheDir(env),
    contentReportFile: env.KSP_CONTENT_REPORT?.trim() || undefined,
    problemReportFile: env.KSP_BUILD_REPORT?.trim() || undefined,
    now: readPinnedNow(env) ?? new Date(),
    imageSources: allowedImageSources(env),
    imageCacheDir: statePath('imageCache', env, process.cwd()),
    buildCacheDir: readBuildCacheDir(env),
    fastPublish: readFastPublish(env),
    manifestEnv: { KSP_BUILD_ID: env.KSP_BUILD_ID, DEPLOY_ID: env.DEPLOY_ID },
    trigger: triggerFromEnv(env, readTriggerFile),
    indexNowKey: readIndexNowKey(env),
    pageOrderFile: env.KSP_PAGE_ORDER_FILE?.trim() || undefined,
  };
}

let current: BuildConfig | undefined;

/** The settings of this process, read at the first call. */
export function buildConfig(): BuildConfig {
  return (current ??= readBuildConfig(process.env));
}
