// The environment of the self-hosted server runtime (publish server, image service, feedback
// route, drafts preview host), read once at start into one object that is passed down; nothing
// below reads process.env. Every bad value stops the start with a message that names the
// variable and how to fix it; secret values are never echoed.
import path from 'node:path';
import { FeedbackConfigError, readFeedbackConfig, type FeedbackConfig } from '../core/feedback/env.ts';
import { readUnpublishSettings, UnpublishConfigError, type UnpublishSettings } from '../core/publish/unpublish.ts';
import { PublishConfigError, readMaxBodyBytes, readWebhookSecret } from '../core/publish/env.ts';
import { allowedImageSources } from '../core/images.ts';
import { secretsIn } from '../core/publish/log.ts';
import { readStudioOrigin } from '../core/publish/studio-origin.ts';
import { readIndexNowConfig, type IndexNowConfig } from '../core/publish/indexnow.ts';
import { BUILD_SECRET_NAMES, isSecretEnvName } from '../core/secrets.ts';
import { prepareStateDir, readStateDir, statePath } from '../core/state-dir.ts';
import { readPreviewConfig } from '../src/preview/config.ts';
import { readReviewMailSettings, type ReviewMailSettings } from '../core/review/env.ts';
import { readPreviewPort } from './preview-port.ts';
import { DEFAULT_CACHE_MAX_BYTES, MAX_ORIGINAL_BYTES } from './images/limits.ts';
import { readLinkCheckSwitch } from '../core/link-check.ts';
import { defaultLinkCheckSettings, type LinkCheckSettings } from './link-checker.ts';

type Env = Record<string, string | undefined>;
const MB = 1024 * 1024;

/** Page feedback: stored through the spool when configured, else answered as unavailable. */
export type FeedbackSettings = { ok: true; config: FeedbackConfig; spoolDir: string } | { ok: false; reason: string };

/**
 * The drafts preview of the publish server, asked for by setting SANITY_PREVIEW_TOKEN. A bad
 * setting is kept, not thrown: the site is served anyway and the preview's start reports it.
 */
export type PreviewSettings = { ok: true; port: number; host: string } | { ok: false; error: Error };

export interface PublishServerConfig {
  port: number;
  host: string;
  /** KSP_STATE_DIR: releases, feedback spool and image cache live below it (core/state-dir.ts). */
  stateDir: string;
  releasesDir: string;
  keepReleases: number;
  buildCommand: string[];
  /**
   * With the default build command: the command that indexes a release built with `--search
   * later` (scripts/index-search.ts). Once a release is live, a publish puts its pages live first
   * with the previous search index and the updated index follows as its own release. Undefined
   * with PUBLISH_BUILD_COMMAND: that command must write the whole site.
   */
  indexCommand?: string[];
  buildTimeoutMs: number;
  /** Pause before the first retry of a failed build while no release is live; doubles each time. */
  buildRetryMs: number;
  dailyRebuild: boolean;
  secret: string;
  maxBodyBytes: number;
  netlifyToml: string;
  repoRoot: string;
  /** The Studio's origin: the only one allowed to read the build status and manifest (CORS). */
  studioOrigin: string;
  /** Every secret value of the environment, blanked from log lines and build output. */
  secrets: readonly string[];
  /**
   * The whole environment of every build: an allow list (buildEnvironment), so a secret the
   * build does not need never reaches it. The server adds each build's id, trigger and report file.
   */
  buildEnv: Record<string, string>;
  /** Variants made on demand and fetched originals (KSP_IMAGE_CACHE), shared by all releases. */
  imageCacheDir: string;
  /** Bytes the image cache may hold (KSP_IMAGE_CACHE_MB); the least recently used files go first. */
  imageCacheMaxBytes: number;
  /** Where the image service may fetch originals (core/images.ts allowedImageSources). */
  imageSources: readonly string[];
  feedback: FeedbackSettings;
  /** SANITY_UNPUBLISH_TOKEN: unpublishing documents past "Sichtbar bis" (core/publish/unpublish.ts). */
  unpublish: UnpublishSettings;
  /** Undefined when SANITY_PREVIEW_TOKEN is not set. */
  preview: PreviewSettings | undefined;
  /** The external link check after each release goes live (server/link-checker.ts); undefined: off (LINK_CHECK=off). */
  linkCheck?: LinkCheckSettings | undefined;
  /** INDEXNOW_KEY and INDEXNOW_ENDPOINT (core/publish/indexnow.ts); undefined (off) without a key. */
  indexNow: IndexNowConfig | undefined;
  /** The review reminder mails (SMTP_URL, REVIEW_MAIL_FROM); off or failed with the reason. */
  reviewMail: ReviewMailSettings;
}

/**
 * What a build may see of the server's environment: the system basics, the content source and
 * its read token, the site's address, and the project's own build settings (KSP_*).
 */
const BUILD_ENV_NAMES = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'LANG', 'LANGUAGE', 'LC_ALL', 'TZ', 'TERM', 'NO_COLOR', 'FORCE_COLOR', 'CI',
  'NODE_ENV', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'NODE_USE_ENV_PROXY',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
  'SANITY_PROJECT_ID', 'SANITY_DATASET', 'SANITY_API_VERSION', 'SANITY_API_HOST', ...BUILD_SECRET_NAMES,
  'SITE_URL', 'URL', 'ASTRO_TELEMETRY_DISABLED', 'DO_NOT_TRACK',
  // Public by design (IndexNow reads it at /<key>.txt): the build writes that file.
  'INDEXNOW_KEY',
];
/** The project's settings: KSP_CONTENT_FILE, KSP_CONTENT_CACHE, KSP_BUILD_NOW, KSP_IMAGE_HOSTS … No secret is named so. */
const BUILD_ENV_PREFIX = 'KSP_';

function integer(env: Env, name: string, fallback: number, min: number, max: number, hint: string): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PublishConfigError(`${name} "${raw}" must be a whole number from ${min} to ${max}${hint}. Leave it unset for ${fallback}.`);
  }
  return value;
}

/** PUBLISH_BUILD_ENV: names of further variables a custom build command needs, comma-separated. */
function extraBuildNames(env: Env): string[] {
  const names = (env.PUBLISH_BUILD_ENV ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new PublishConfigError(`PUBLISH_BUILD_ENV must list variable names separated by commas, e.g. "HTTP_PROXY,MY_SETTING"; "${name}" is not one.`);
    }
    if (isSecretEnvName(name) && !BUILD_SECRET_NAMES.includes(name)) {
      throw new PublishConfigError(`PUBLISH_BUILD_ENV names ${name}, a secret the build does not need. Remove it: builds never see it (core/secrets.ts lists the secrets).`);
    }
  }
  return names;
}

/** The environment of a build: the allow list above, then the state the server decided. */
export function buildEnvironment(env: Env, settings: { stateDir: string; imageCacheDir: string; releasesDir: string }): Record<string, string> {
  const allowed = new Set([...BUILD_ENV_NAMES, ...extraBuildNames(env)]);
  const buildEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !(allowed.has(name) || name.startsWith(BUILD_ENV_PREFIX))) continue;
    // By construction, whatever a list above lets through: no secret but the read token.
    if (isSecretEnvName(name) && !BUILD_SECRET_NAMES.includes(name)) continue;
    buildEnv[name] = value;
  }
  // The build and the server's image service share one cache (remote originals). Builds are
  // incremental (KSP_BUILD_CACHE, "off" turns it off) with the cache beside the releases: only the
  // server that holds their lock builds, so no two builds share a cache. A publish with a warm cache
  // renders only its changed pages, without astro build (KSP_FAST_PUBLISH, src/build/fast-publish.ts).
  return { KSP_BUILD_CACHE: path.join(settings.releasesDir, '.build-cache'), KSP_FAST_PUBLISH: 'on', ...buildEnv, KSP_STATE_DIR: settings.stateDir, KSP_IMAGE_CACHE: settings.imageCacheDir };
}

function readUnpublish(env: Env): UnpublishSettings {
  try {
    return readUnpublishSettings(env);
  } catch (error) {
    if (error instanceof UnpublishConfigError) throw new PublishConfigError(error.message);
    throw error;
  }
}

function readFeedbackSettings(env: Env, repoRoot: string, stateDir: string): FeedbackSettings {
  try {
    return { ok: true, config: readFeedbackConfig(env), spoolDir: statePath('feedbackSpool', env, repoRoot, stateDir) };
  } catch (error) {
    if (!(error instanceof FeedbackConfigError)) throw error;
    return { ok: false, reason: error.message };
  }
}

/**
 * Where a drafts preview host listens (PREVIEW_PORT, HOST). The preview's own settings are
 * checked here too, before anyone asks; the preview reads them itself (src/preview/config.ts),
 * as it runs Astro's build output. Throws with a message naming the variable.
 */
export function readPreviewHostSettings(env: Env): { port: number; host: string } {
  readPreviewConfig(env);
  return readPreviewPort(env);
}

function readPreviewSettings(env: Env): PreviewSettings | undefined {
  if (!env.SANITY_PREVIEW_TOKEN?.trim()) return undefined;
  try {
    return { ok: true, ...readPreviewHostSettings(env) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

export function readPublishServerConfig(env: Env, repoRoot: string): PublishServerConfig {
  const secret = readWebhookSecret(env);
  const indexNow = readIndexNowConfig(env);
  const maxBodyBytes = readMaxBodyBytes(env);
  const port = integer(env, 'PORT', 4321, 0, 65535, ' (0 picks a free port)');
  const host = env.HOST?.trim() || '127.0.0.1';
  const keepReleases = integer(env, 'KEEP_RELEASES', 5, 2, 1000, ' (the live release and the one before it are always kept, so requests in flight during a switch finish)');
  const buildTimeoutMs = integer(env, 'BUILD_TIMEOUT_SECONDS', 900, 10, 86400, '') * 1000;
  const buildRetryMs = integer(env, 'BUILD_RETRY_SECONDS', 30, 1, 3600, ' (the pause before the first build is tried again while no release is live)') * 1000;

  let buildCommand = [process.execPath, path.join(repoRoot, 'scripts', 'build.ts'), '--out', '{out}'];
  const rawCommand = env.PUBLISH_BUILD_COMMAND?.trim();
  if (rawCommand) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawCommand);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((part) => typeof part === 'string' && part !== '')) {
      throw new PublishConfigError(
        'PUBLISH_BUILD_COMMAND must be a JSON array of strings, e.g. ["node","scripts/build.ts","--out","{out}"]. Leave it unset to run scripts/build.ts.',
      );
    }
    if (!parsed.some((part: string) => part.includes('{out}'))) {
      throw new PublishConfigError('PUBLISH_BUILD_COMMAND must contain "{out}" where the release directory goes, e.g. ["node","scripts/build.ts","--out","{out}"].');
    }
    buildCommand = parsed as string[];
  }
  const indexCommand = rawCommand ? undefined : [process.execPath, path.join(repoRoot, 'scripts', 'index-search.ts'), '--site', '{out}'];

  const daily = env.DAILY_REBUILD?.trim().toLowerCase() ?? 'on';
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(daily)) {
    throw new PublishConfigError(`DAILY_REBUILD "${env.DAILY_REBUILD}" must be "on" or "off". Leave it unset for "on".`);
  }

  let imageSources: string[];
  try {
    imageSources = allowedImageSources(env);
  } catch (error) {
    throw new PublishConfigError((error as Error).message);
  }

  // Larger than the largest original twice over, so a fetched original and its variants fit.
  const imageCacheMaxBytes =
    integer(env, 'KSP_IMAGE_CACHE_MB', DEFAULT_CACHE_MAX_BYTES / MB, Math.ceil((2 * MAX_ORIGINAL_BYTES) / MB), 1024 * 1024, ' (megabytes of variants and fetched originals the image cache may hold; the least recently used are deleted beyond it)') * MB;

  let linkCheck: boolean;
  try {
    linkCheck = readLinkCheckSwitch(env);
  } catch (error) {
    throw new PublishConfigError((error as Error).message);
  }

  const stateDir = readStateDir(env, repoRoot);
  const imageCacheDir = statePath('imageCache', env, repoRoot, stateDir);
  const releasesDir = statePath('releases', env, repoRoot, stateDir);
  return {
    port,
    host,
    stateDir,
    releasesDir,
    keepReleases,
    buildCommand,
    indexCommand,
    buildTimeoutMs,
    buildRetryMs,
    dailyRebuild: ['on', 'true', '1'].includes(daily),
    secret,
    maxBodyBytes,
    netlifyToml: path.join(repoRoot, 'netlify.toml'),
    repoRoot,
    studioOrigin: readStudioOrigin(env),
    secrets: secretsIn(env),
    buildEnv: buildEnvironment(env, { stateDir, imageCacheDir, releasesDir }),
    imageCacheDir,
    imageCacheMaxBytes,
    imageSources,
    feedback: readFeedbackSettings(env, repoRoot, stateDir),
    unpublish: readUnpublish(env),
    preview: readPreviewSettings(env),
    linkCheck: linkCheck ? defaultLinkCheckSettings(path.join(stateDir, 'link-check', 'results.json'), env.SITE_URL?.trim() || env.URL?.trim() || 'http://localhost:4321') : undefined,
    indexNow,
    reviewMail: readReviewMailSettings(env),
  };
}

/**
 * Creates the releases directory (the one part of the state every start needs) or says which
 * variable to set, e.g. when the service user's home is read-only.
 */
export function prepareServerState(config: PublishServerConfig): void {
  try {
    prepareStateDir('releases', config.releasesDir);
  } catch (error) {
    throw new PublishConfigError((error as Error).message);
  }
}

/**
 * @astrojs/node's standalone entry (dist-preview/server/entry.mjs) starts a server of its own on
 * import unless ASTRO_NODE_AUTOSTART is "disabled", and reads that from process.env only
 * (node_modules/@astrojs/node/dist/server.js; the adapter's own `astro preview` sets it the same
 * way). The preview host serves the entry's handler itself, so it tells the library here: the one
 * write to the environment, kept beside the server's other settings.
 */
export function disableAstroAutostart(): void {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
}
