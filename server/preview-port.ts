// Where the preview server listens: PREVIEW_PORT (default 4322, 0 picks a free port) on HOST.

export const DEFAULT_PREVIEW_PORT = 4322;

export function readPreviewPort(env: Record<string, string | undefined>): { port: number; host: string } {
  const raw = env.PREVIEW_PORT?.trim();
  const port = raw ? Number(raw) : DEFAULT_PREVIEW_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PREVIEW_PORT "${raw}" must be a port number between 0 and 65535 (0 picks a free port); default ${DEFAULT_PREVIEW_PORT}.`);
  }
  return { port, host: env.HOST?.trim() || '127.0.0.1' };
}
