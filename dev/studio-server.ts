// Serves a built Sanity Studio (studio/dist): its files, and index.html for every other path,
// because the Studio routes its own URLs (/structure/…) in the browser.
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { createStaticHandler, resolveFile } from '../server/static-server.ts';

export function createStudioHandler(studioDir: string) {
  const root = path.resolve(studioDir);
  const serve = createStaticHandler({ getRoot: () => root });
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (!(await resolveFile(root, pathname))) req.url = '/index.html';
    return serve(req, res);
  };
}
