// Environment of the self-hosted publish server. Every bad value stops the start with a message
// that names the variable and how to fix it; secret values are never echoed.
import path from 'node:path';
import { PublishConfigError, readMaxBodyBytes, readWebhookSecret } from '../core/publish/env.ts';
import { readStudioOrigin } from '../core/publish/studio-origin.ts';

export interface PublishServerConfig {
  port: number;
  host: string;
  releasesDir: string;
  keepReleases: number;
  buildCommand: string[];
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
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, hint: string): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PublishConfigError(`${name} "${raw}" must be a whole number from ${min} to ${max}${hint}. Leave it unset for ${fallback}.`);
  }
  return value;
}

export function readPublishServerConfig(env: Env, repoRoot: string): PublishServerConfig {
  const secret = readWebhookSecret(env);
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

  const daily = env.DAILY_REBUILD?.trim().toLowerCase() ?? 'on';
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(daily)) {
    throw new PublishConfigError(`DAILY_REBUILD "${env.DAILY_REBUILD}" must be "on" or "off". Leave it unset for "on".`);
  }

  return {
    port,
    host,
    releasesDir: path.resolve(repoRoot, env.RELEASES_DIR?.trim() || '.releases'),
    keepReleases,
    buildCommand,
    buildTimeoutMs,
    buildRetryMs,
    dailyRebuild: ['on', 'true', '1'].includes(daily),
    secret,
    maxBodyBytes,
    netlifyToml: path.join(repoRoot, 'netlify.toml'),
    repoRoot,
    studioOrigin: readStudioOrigin(env),
  };
}
