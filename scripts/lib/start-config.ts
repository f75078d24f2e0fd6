// Ports of `npm start` and `npm run lake`; a bad value names the variable and how to fix it.

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
