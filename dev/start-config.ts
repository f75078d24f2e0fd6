// Settings shared by `npm start`, `npm run lake` and `npm run serve`: ports (a bad value names the variable
// and how to fix it) and how a directory is shown.
import path from 'node:path';

export function readPort(name: string, fallback: number, env: Record<string, string | undefined> = process.env): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a number between 1 and 65535, got "${raw}". Leave it unset for ${fallback}.`);
    process.exit(1);
  }
  return port;
}

/** A directory as people read it: relative to the repository when inside it, else absolute. */
export function displayDir(dir: string, root: string): string {
  const relative = path.relative(root, dir);
  return relative.startsWith('..') || path.isAbsolute(relative) ? dir : `${relative}/`;
}
