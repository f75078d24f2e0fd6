// What the local lake shows to whom: a request without a token reads the root path only (as on
// Sanity's public datasets: ids without a dot), never drafts, citizens' feedback, the preview's
// secrets or a published id with a dot, in queries, the doc endpoint and listeners; only the lake's own pages
// may call it from a browser; and the editor's token needs the code from the lake's terminal.
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lakeClient, startLake } from '../../dev/lake/index.ts';
import { startTestLake, type LakeUnderTest } from './helpers.ts';

const CITIZEN_EMAIL = 'buergerin@example.org';
const FIXTURES = [
  { _id: 'service-reisepass', _type: 'service', title: 'Reisepass' },
  { _id: 'drafts.service-reisepass', _type: 'service', title: 'Reisepass ENTWURF' },
  // Published, but on a dot path: Sanity serves it only with a token, whatever its type.
  { _id: 'service.alt', _type: 'service', title: 'Alte Kennung' },
  { _id: 'feedback.0a1b2c', _type: 'feedback', message: 'Tür klemmt', email: CITIZEN_EMAIL },
  { _id: 'sanity-preview-url-secret.x1', _type: 'sanity.previewUrlSecret', secret: 'geheim-123' },
  { _id: 'rootdoc', _type: 'thing', title: 'Root' },
];
const PRIVATE_IDS = ['drafts.service-reisepass', 'service.alt', 'feedback.0a1b2c', 'sanity-preview-url-secret.x1'];

let t: LakeUnderTest;
let api: string;
const loginCodes: string[] = [];
beforeAll(async () => {
  t = await startTestLake({
    documents: FIXTURES,
    token: 'sk-test-privacy',
    log: (event) => {
      if (event.event === 'login-code') loginCodes.push(String(event.code));
    },
  });
  api = `${t.lake.url.replace('localhost', '127.0.0.1')}/v2025-02-19`;
});
afterAll(() => t.close());

const anonymousQuery = async (query: string, perspective = 'raw') => {
  const response = await fetch(`${api}/data/query/production?query=${encodeURIComponent(query)}&perspective=${perspective}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: unknown }).result;
};

describe('reads without a token', () => {
  test('queries see the root path only, in every perspective, whatever the type', async () => {
    for (const perspective of ['raw', 'published', 'drafts']) {
      const ids = (await anonymousQuery('*[]._id', perspective)) as string[];
      expect(ids.sort(), perspective).toEqual(['rootdoc', 'service-reisepass']);
    }
    expect(await anonymousQuery('*[_type == "feedback"]{email}')).toEqual([]);
    expect(await anonymousQuery('*[defined(secret)].secret')).toEqual([]);
    const post = await fetch(`${api}/data/query/production?perspective=raw`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '*[defined(email)]' }),
    });
    expect(((await post.json()) as { result: unknown[] }).result).toEqual([]);
  });

  test('the doc endpoint omits private documents for permission', async () => {
    const response = await fetch(`${api}/data/doc/production/${['service-reisepass', ...PRIVATE_IDS].join(',')}`);
    const body = (await response.json()) as { documents: { _id: string }[]; omitted: { id: string; reason: string }[] };
    expect(body.documents.map((doc) => doc._id)).toEqual(['service-reisepass']);
    expect(body.omitted).toEqual(PRIVATE_IDS.map((id) => ({ id, reason: 'permission' })));
  });

  test('history needs the token', async () => {
    expect((await fetch(`${api}/data/history/production/transactions/feedback.0a1b2c`)).status).toBe(401);
    expect((await fetch(`${api}/data/history/production/documents/feedback.0a1b2c?lastRevision=true`)).status).toBe(401);
  });

  test('an anonymous listener never receives a new citizen\'s feedback', async () => {
    const controller = new AbortController();
    const response = await fetch(`${api}/data/listen/production?query=${encodeURIComponent('*')}&includeResult=true`, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (marker: string) => {
      const deadline = Date.now() + 10_000;
      while (!text.includes(marker)) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${marker} in the listener.`);
        const { value, done } = await reader.read();
        if (done) throw new Error('The listener closed.');
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil('event: welcome');
    await t.client.create({ _id: 'feedback.new1', _type: 'feedback', message: 'Neu', email: CITIZEN_EMAIL });
    await t.client.create({ _id: 'drafts.service-neu', _type: 'service', title: 'Entwurf' });
    // A public document after them: once its event is here, theirs would have been too.
    await t.client.create({ _id: 'service-neu', _type: 'service', title: 'Neu' });
    await readUntil('"service-neu"');
    controller.abort();
    expect(text).not.toContain(CITIZEN_EMAIL);
    expect(text).not.toContain('feedback.new1');
    expect(text).not.toContain('drafts.service-neu');
  });

  test('with the token everything is visible', async () => {
    const ids = await t.client.fetch<string[]>('*[]._id', {}, { perspective: 'raw' });
    expect(ids).toEqual(expect.arrayContaining(PRIVATE_IDS));
  });
});

describe('CORS: only the lake\'s own pages', () => {
  const query = `/data/query/production?query=${encodeURIComponent('*[]._id')}`;
  test('another site gets 403 and no CORS header, also for the preflight and with a stolen cookie-less request', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:1', 'null']) {
      const response = await fetch(`${api}${query}`, { headers: { Origin: origin } });
      expect(response.status, origin).toBe(403);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(((await response.json()) as { error: { description: string } }).error.description).toContain('allowedOrigins');
      const preflight = await fetch(`${api}${query}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
      });
      expect(preflight.status, origin).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  test('the Studio (localhost:<port>) and the API host (<project>.localhost:<port>) are allowed', async () => {
    const port = new URL(t.lake.url).port;
    for (const origin of [`http://localhost:${port}`, `http://ksp-local.localhost:${port}`, `http://l3.ksp-local.localhost:${port}`]) {
      const response = await fetch(`${api}${query}`, { headers: { Origin: origin } });
      expect(response.status, origin).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin);
    }
  });

  test('a listener the lake spread to a host of its own may arrive with Origin null (browsers after a cross-origin redirect); nothing else may', async () => {
    const port = Number(new URL(t.lake.url).port);
    // fetch() cannot set Host; node:http can. Answers are read to their headers only.
    const head = (pathname: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers });
          res.destroy();
        });
        req.once('error', reject);
        req.end();
      });
    const listen = `/v2025-02-19/data/listen/production?query=${encodeURIComponent('*')}`;
    const studio = await head(listen, { Origin: `http://localhost:${port}`, Host: `ksp-local.localhost:${port}` });
    expect(studio.status).toBe(307);
    const spread = new URL(String(studio.headers.location));
    expect(spread.hostname).toMatch(/^l\d+\.ksp-local\.localhost$/);
    const redirected = await head(`${spread.pathname}${spread.search}`, { Origin: 'null', Host: spread.host });
    expect(redirected.status).toBe(200);
    expect(redirected.headers['access-control-allow-origin']).toBe('null');
    const elsewhere = await head(`/v2025-02-19${query}`, { Origin: 'null', Host: spread.host });
    expect(elsewhere.status).toBe(403);
  });

  test('allowedOrigins adds an origin (tests)', async () => {
    const other = await startTestLake({ allowedOrigins: ['http://127.0.0.1:4999'] });
    try {
      const url = `${other.lake.url.replace('localhost', '127.0.0.1')}/v2025-02-19${query}`;
      expect((await fetch(url, { headers: { Origin: 'http://127.0.0.1:4999' } })).status).toBe(200);
      expect((await fetch(url, { headers: { Origin: 'http://127.0.0.1:5000' } })).status).toBe(403);
    } finally {
      await other.close();
    }
  });
});

describe('sign-in needs the code from the terminal', () => {
  const loginUrl = () => `${t.lake.url.replace('localhost', '127.0.0.1')}/v1/auth/login/ksp-local`;
  const studio = () => `${t.lake.url}/`;
  const postCode = (code: string, origin = t.lake.url) =>
    fetch(loginUrl(), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      body: new URLSearchParams({ origin: studio(), code }).toString(),
    });

  test('two GETs (login, fetch) give no token: the login asks for the code', async () => {
    const login = await fetch(`${loginUrl()}?origin=${encodeURIComponent(studio())}`, { redirect: 'manual' });
    expect(login.status).toBe(200);
    expect(login.headers.get('location')).toBeNull();
    const page = await login.text();
    expect(page).toContain('Anmeldecode');
    expect(page).not.toContain('sid=');
    expect(page).not.toContain(t.lake.token);
    const fetched = await fetch(`${t.lake.url.replace('localhost', '127.0.0.1')}/v1/auth/fetch?sid=guessed`);
    expect(fetched.status).toBe(401);
  });

  test('the code is announced, signs in once, and a wrong code does not', async () => {
    expect(loginCodes).toHaveLength(1);
    const wrong = await postCode('AAAA-AAAA');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('location')).toBeNull();
    expect(await wrong.text()).toContain('Der Anmeldecode stimmt nicht');

    const right = await postCode(loginCodes.at(-1)!.toLowerCase());
    expect(right.status).toBe(303);
    const location = new URL(right.headers.get('location')!);
    expect(location.origin).toBe(t.lake.url);
    const sid = new URLSearchParams(location.hash.slice(1)).get('sid')!;
    const token = await fetch(`${t.lake.url.replace('localhost', '127.0.0.1')}/v1/auth/fetch?sid=${sid}`);
    expect(await token.json()).toEqual({ token: t.lake.token });
    // Spent: a new code is announced for the next browser.
    expect(loginCodes).toHaveLength(2);
    expect((await postCode(loginCodes[0]!)).status).toBe(401);
  });

  test('too many wrong codes replace the code', async () => {
    const before = loginCodes.length;
    const current = loginCodes.at(-1)!;
    // The earlier test left one wrong try on this code: at most five more replace it.
    const pages: string[] = [];
    while (pages.length < 5 && !pages.at(-1)?.includes('neuer Anmeldecode')) pages.push(await (await postCode(`WRONG${pages.length}XX`)).text());
    expect(pages.at(-1)).toContain('neuer Anmeldecode');
    expect(loginCodes).toHaveLength(before + 1);
    expect((await postCode(current)).status).toBe(401);
  });

  test('another site cannot post the form, and the login returns only to the lake\'s own pages', async () => {
    expect((await postCode(loginCodes.at(-1)!, 'https://evil.example')).status).toBe(403);
    const foreign = await fetch(`${loginUrl()}?origin=${encodeURIComponent('http://localhost:1/')}`, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
  });

  test('signIn "automatic" (browser tests) skips the step', async () => {
    const automatic = await startTestLake({ signIn: 'automatic' });
    try {
      const login = await fetch(
        `${automatic.lake.url.replace('localhost', '127.0.0.1')}/v1/auth/login/ksp-local?origin=${encodeURIComponent(`${automatic.lake.url}/`)}`,
        { redirect: 'manual' },
      );
      expect(login.status).toBe(302);
      expect(login.headers.get('location')).toMatch(/#sid=/);
    } finally {
      await automatic.close();
    }
  });
});

describe('a lake kept from before the ids lost their dot', () => {
  test('says at start how many published site documents a build cannot see, and how to seed again', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ksp-lake-dotted-'));
    try {
      const first = await startLake({ dir, seedFile: false, token: 'sk-dotted' });
      const client = lakeClient(first, first.url.replace('localhost', '127.0.0.1'));
      await client.create({ _id: 'service.alt', _type: 'service', title: 'Alt' });
      await client.create({ _id: 'drafts.service-neu', _type: 'service', title: 'Entwurf' });
      await client.create({ _id: 'feedback.1', _type: 'feedback', message: 'Privat' });
      await first.close();
      const events: Record<string, unknown>[] = [];
      const second = await startLake({ dir, seedFile: false, token: 'sk-dotted', log: (event) => events.push(event) });
      await second.close();
      const errors = events.filter((event) => event.event === 'error').map((event) => String(event.error));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^1 published document has a dot in their id \(e\.g\. service\.alt\).*npm run lake:reset/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
