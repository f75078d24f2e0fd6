// Where the platform keeps what must outlive a checkout: the publish server's releases, page
// feedback that waits for Sanity, the image cache and, in development, the local Content Lake.
// One directory (KSP_STATE_DIR) with one subdirectory each, outside the checkout, so `npm ci`
// and `git clean -fdx` never touch it.
//
// The default follows the XDG Base Directory spec's state home ($XDG_STATE_HOME, else
// ~/.local/state), which is meant for exactly this: data that persists between runs but is not
// a user's document. It suits `npm start` on a laptop. All checkouts of one user share it (the
// publish server locks its releases, so two servers at once are told to use their own). On a
// server set KSP_STATE_DIR=/var/lib/ksp (systemd: StateDirectory=ksp), since a service user's
// home may be read-only there.
import { accessSync, constants, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Env = Record<string, string | undefined>;

/** The subdirectories of the state directory, each overridable by its own variable. */
export const STATE_PARTS = {
  releases: { dir: 'releases', variable: 'RELEASES_DIR' },
  feedbackSpool: { dir: 'feedback-spool', variable: 'FEEDBACK_SPOOL_DIR' },
  imageCache: { dir: 'image-cache', variable: 'KSP_IMAGE_CACHE' },
  lake: { dir: 'lake', variable: 'LAKE_DIR' },
} as const;

export type StatePart = keyof typeof STATE_PARTS;

/** KSP_STATE_DIR (relative to `root`), else $XDG_STATE_HOME/ksp, else ~/.local/state/ksp. */
export function readStateDir(env: Env, root: string): string {
  const explicit = env.KSP_STATE_DIR?.trim();
  if (explicit) return path.resolve(root, explicit);
  // The spec says to ignore a relative XDG_STATE_HOME.
  const xdg = env.XDG_STATE_HOME?.trim();
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME?.trim() || os.homedir(), '.local', 'state');
  return path.join(base, 'ksp');
}

/** A part of the state: its own variable (relative to `root`) when set, else its subdirectory. */
export function statePath(part: StatePart, env: Env, root: string, stateDir = readStateDir(env, root)): string {
  const { dir, variable } = STATE_PARTS[part];
  const explicit = env[variable]?.trim();
  return explicit ? path.resolve(root, explicit) : path.join(stateDir, dir);
}

/**
 * Creates `dir` when missing and checks that it is writable, at start instead of at the first
 * write; the error says which variable to set.
 */
export function prepareStateDir(part: StatePart, dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StateDirError(
      `${dir} cannot be created or written (${code}). Set KSP_STATE_DIR (or ${STATE_PARTS[part].variable} for this part alone) to a writable directory outside the checkout, e.g. KSP_STATE_DIR=/var/lib/ksp for a service (README, "Where state lives").`,
    );
  }
}

export class StateDirError extends Error {
  override name = 'StateDirError';
}
