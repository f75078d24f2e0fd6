// The settings of the development tools (`npm start`, `npm run lake`, `npm run serve`, and the
// platform, preview and Studio builds that they, the tests and the benchmarks start), read from
// the environment here and nowhere else in dev/. A bad value names the variable and how to fix it.
import os from 'node:os';
import path from 'node:path';
import { readStateDir, statePath } from '../core/state-dir.ts';
import { DEFAULT_PREVIEW_PORT } from '../server/preview-port.ts';

type Env = Record<string, string | undefined>;

/**
 * The developer's environment as a copy, for what the tools start with it: the publish server of
 * the platform (whose config picks what its builds may see), the preview and Studio builds as
 * child processes (they need PATH, HOME, proxies …). Never changed in place.
 */
export function inheritedEnv(): Env {
  return { ...process.env };
}

function readPort(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a number between 1 and 65535, got "${raw}". Leave it unset for ${fallback}.`);
    process.exit(1);
  }
  return port;
}

export interface DevConfig {
  /** The environment, for the servers and builds the tools start (see inheritedEnv). */
  env: Env;
  /** HOST: the interface the site listens on (the publish server's default when unset). */
  host: string | undefined;
  sitePort: number;
  studioPort: number;
  previewPort: number;
  /** KSP_STATE_DIR (core/state-dir.ts); the local Content Lake keeps its documents in lake/ below it. */
  stateDir: string;
  /** LAKE_DIR, else lake/ of the state directory. */
  lakeDir: string;
  /** SANITY_PROJECT_ID: `npm start` uses that project instead of the local lake. */
  realProject: string | undefined;
}

/** Reads the settings once, at the start of a tool; a bad port ends the process with its message. */
export function readDevConfig(root: string, env: Env = process.env): DevConfig {
  const stateDir = readStateDir(env, root);
  return {
    env: { ...env },
    host: env.HOST?.trim() || undefined,
    sitePort: readPort(env, 'PORT', 4321),
    studioPort: readPort(env, 'STUDIO_PORT', 3333),
    previewPort: readPort(env, 'PREVIEW_PORT', DEFAULT_PREVIEW_PORT),
    stateDir,
    lakeDir: statePath('lake', env, root, stateDir),
    realProject: env.SANITY_PROJECT_ID?.trim() || undefined,
  };
}

/** A directory as people read it: relative to the repository when inside it, else from ~ or absolute. */
export function displayDir(dir: string, root: string): string {
  const inside = (base: string) => {
    const relative = path.relative(base, dir);
    return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative;
  };
  const inRepo = inside(root);
  if (inRepo !== undefined) return `${inRepo}/`;
  const inHome = inside(os.homedir());
  return inHome !== undefined ? `~/${inHome}/` : `${dir}/`;
}
