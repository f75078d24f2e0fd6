// Shared helpers of the publish pipeline tests: signed webhook requests, starting the publish
// server as a real child process, and bounded polling.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { signBody } from '../../core/publish/signature.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const SECRET = 'test-secret-7f3a9c2e4b1d8f60a5c3';

/** Node ≥ 23 runs the .ts scripts directly; under an older test runner use the pinned Node. */
export const nodeBinary = Number(process.versions.node.split('.')[0]) >= 23 ? process.execPath : path.join(repoRoot, 'node_modules', '.bin', 'node');

export const stubBuildCommand = JSON.stringify([nodeBinary, path.join(repoRoot, 'tests', 'publish', 'fixtures', 'stub-build.ts'), '--out', '{out}']);

export interface WebhookOptions {
  secret?: string;
  timestamp?: number;
  headers?: Record<string, string>;
  method?: string;
  rawBody?: string;
}

export async function sendWebhook(url: string, doc: unknown, options: WebhookOptions = {}): Promise<Response> {
  const body = options.rawBody ?? JSON.stringify(doc);
  const signature = await signBody(body, options.secret ?? SECRET, options.timestamp ?? Date.now());
  return fetch(url, {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json', 'sanity-webhook-signature': signature, ...options.headers },
    body: (options.method ?? 'POST') === 'GET' ? undefined : body,
  });
}

let revision = 0;
/** A document projection as the recommended Sanity webhook sends it, with a fresh revision. */
export function publishedDoc(overrides: Record<string, unknown> = {}) {
  revision += 1;
  return { _id: 'service-reisepass-abholen', _type: 'service', _rev: `rev${Date.now()}x${revision}`, operation: 'update', ...overrides };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for the exit code. */
  stop: () => Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Starts `scripts/publish-server.ts` on a free port of 127.0.0.1, with the tests' state directory
 * (vitest.config.ts). Its builds see an allow list of the environment only; the stub build's
 * settings (STUB_*) are passed on by name (PUBLISH_BUILD_ENV).
 */
export async function startPublishServer(env: Record<string, string>): Promise<RunningServer> {
  const stubSettings = Object.keys(env).filter((name) => name.startsWith('STUB_'));
  const child = spawn(nodeBinary, [path.join(repoRoot, 'scripts', 'publish-server.ts')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      KSP_STATE_DIR: process.env.KSP_STATE_DIR ?? '',
      SANITY_WEBHOOK_SECRET: SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      DAILY_REBUILD: 'off',
      // No test asks the internet: the link check has tests of its own against local servers.
      LINK_CHECK: 'off',
      ...(stubSettings.length > 0 ? { PUBLISH_BUILD_ENV: stubSettings.join(',') } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await Promise.race([
    waitFor('the publish server to listen', () => /"event":"listening","url":"([^"]+)"/.exec(output)?.[1], 20_000, 20),
    exited.then((code) => {
      throw new Error(`publish server exited with ${code}:\n${output}`);
    }),
  ]);
  return {
    url,
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function getStatus(url: string) {
  const response = await fetch(`${url}/status`);
  return (await response.json()) as {
    current: { id: string } | null;
    building: { trigger: string } | null;
    pending: boolean;
    lastBuild: {
      id: string;
      ok: boolean;
      error: string | null;
      problems?: { document: string; type: string; field: string; problem: string }[];
      durationMs: number;
      trigger: string;
      endedAt: string;
    } | null;
    lastSuccess: { id: string; startedAt: string; endedAt: string | null; trigger: string | null } | null;
    nextRetry: { attempt: number; at: string; pauseSeconds: number } | null;
    builds: { started: number; succeeded: number; failed: number };
    parts: Record<'preview' | 'feedback' | 'images', { state: 'running'; url?: string } | { state: 'starting' } | { state: 'off' | 'failed'; reason: string }>;
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends `rawPath` exactly as given, like `curl --path-as-is`: fetch would resolve "/./" and
 * "/x/../" before sending, which hides what a non-browser client can ask for.
 */
export function rawRequest(origin: string, rawPath: string, method = 'GET'): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('timeout', () => req.destroy(new Error(`${method} ${rawPath}: no answer within 10 s`)));
    req.once('error', reject);
    req.end();
  });
}
