// The one editor of the local lake and how the Studio signs in as that editor, with Sanity's
// own login flow: the Studio asks GET /auth/providers, finds exactly one provider and (config
// `redirectOnSingle`) goes straight to its URL; the lake sends the browser back with
// `#sid=<session>`, and the Studio exchanges the session at GET /auth/fetch for the token.
// No login screen, no password; the token lives in the browser's localStorage.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const LOCAL_USER = {
  id: 'pLocalEditor',
  name: 'Lokale Redaktion',
  email: 'redaktion@localhost',
  profileImage: null,
  provider: 'ksp-local',
  role: 'administrator',
  roles: [{ name: 'administrator', title: 'Administrator', description: 'Darf alle Inhalte lesen, bearbeiten und veröffentlichen.' }],
} as const;

/** Every permission the Studio asks about, on every document (the ACL of an administrator). */
export const LOCAL_GRANTS = [
  { filter: '_id in path("**")', permissions: ['read', 'create', 'update', 'history', 'editHistory', 'manage'] },
];

const TOKEN_FILE = 'token';
/** A session id is exchanged once, within this time. */
const SESSION_TTL_MS = 5 * 60 * 1000;

export interface Identity {
  token: string;
  /** The user a bearer token stands for, or undefined for anonymous requests. */
  userFor(authorization: string | undefined): typeof LOCAL_USER | undefined;
  /** Starts a login: a one-time session id for the redirect back to the Studio. */
  newSession(): string;
  /** Exchanges a session id for the token (once); undefined when unknown or expired. */
  exchange(sessionId: string): string | undefined;
}

/**
 * The token is kept with the state (`<dir>/token`) so signed-in browsers stay signed in across
 * restarts. A `fixed` token (tests) is used as it is and not written.
 */
export async function loadIdentity(dir: string | null, fixed?: string): Promise<Identity> {
  let token = fixed;
  const file = dir && !fixed ? path.join(dir, TOKEN_FILE) : undefined;
  if (file) token = (await readFile(file, 'utf8').catch(() => '')).trim() || undefined;
  if (!token) {
    token = `sk-local-${randomBytes(24).toString('base64url')}`;
    if (file && dir) {
      await mkdir(dir, { recursive: true });
      await writeFile(file, `${token}\n`, { mode: 0o600 });
    }
  }
  const sessions = new Map<string, number>();
  const issued = token;
  return {
    token: issued,
    userFor: (authorization) => (authorization === `Bearer ${issued}` ? LOCAL_USER : undefined),
    newSession() {
      const id = randomBytes(24).toString('base64url');
      sessions.set(id, Date.now() + SESSION_TTL_MS);
      return id;
    },
    exchange(sessionId) {
      const expires = sessions.get(sessionId);
      sessions.delete(sessionId);
      return expires !== undefined && expires > Date.now() ? issued : undefined;
    },
  };
}
