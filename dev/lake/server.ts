// The local Content Lake: one HTTP server that answers the parts of Sanity's API the Studio,
// the site's build, the seed and the publish webhook use, on the state in LakeStore. Paths
// follow Sanity's (`/v<apiVersion>/data/query/<dataset>` …); the project host
// `<projectId>.localhost:<port>`, which @sanity/client builds from `apiHost`, reaches the same
// server because browsers resolve *.localhost to the loopback address. Anything not
// implemented is answered with 501 and names the endpoint.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createStudioHandler } from '../studio-server.ts';
import { applyActions, type Action } from './actions.ts';
import { describeAsset, isAssetDocument, serveAsset, storeAssetBytes, withUrl, type AssetKind } from './assets.ts';
import { LakeError } from './errors.ts';
import { documentEvents, documentsAt, transactionLines } from './history.ts';
import { corsHeaders, isAllowedOrigin, readBody, readJson, sendJson, sendJsonText } from './http.ts';
import { LOCAL_USER, type Identity } from './identity.ts';
import { createLoginCodes, loginPage } from './login.ts';
import { handleListen, readListenOptions } from './listen.ts';
import { applyMutation, withArrayKeys, type Doc, type Mut, type MutationResult, type WorkingSet } from './mutations.ts';
import { parsePerspective } from './perspective.ts';
import { assertUnlocked, createReleaseScheduler, type LakeClock } from './releases.ts';
import { createPresenceHub } from './presence.ts';
import { createProjectApi } from './project-api.ts';
import { paramsFromSearch, runQuery, type QueryParams } from './query.ts';
import { createQueryRunner } from './query-runner.ts';
import type { LakeStore } from './store.ts';
import { isAnonymouslyVisible } from './visibility.ts';

export interface LakeServerOptions {
  store: LakeStore;
  identity: Identity;
  projectId: string;
  dataset: string;
  assetsDir: string | null;
  /** A built Studio served for every path that is not the API or an asset. */
  studioDir?: string;
  /** Browser origins besides the lake's own that may call the API (tests). */
  allowedOrigins: readonly string[];
  /** How long a query may run before it is stopped (LakeOptions.queryBudgetMs). */
  queryBudgetMs: number;
  /** How the Studio signs in (LakeOptions.signIn): `code` asks for the code from the terminal. */
  signIn: 'code' | 'automatic';
  log: (event: Record<string, unknown>) => void;
  /** Called once for every request, after it is answered (tests and the bench read what was asked). */
  onRequest?: (request: LakeRequest) => void;
  /** The time and timers of the release scheduler (tests pass one they advance). */
  clock: LakeClock;
}

/** One request as the lake answered it: what `onRequest` receives. */
export interface LakeRequest {
  method: string;
  /** The URL's path, e.g. `/v2025-02-19/data/query/production`. */
  path: string;
  /** The `perspective` parameter as sent; null without one. */
  perspective: string | null;
  status: number;
  /** Whether it carried the editor's token (or a listener's ticket). */
  signedIn: boolean;
  /** Time to answer, in milliseconds. */
  ms: number;
  /** A query's GROQ. */
  query?: string;
  /** A query's number of results: an array's length, 1 for one value, 0 for null. */
  resultCount?: number;
  /** A mutate request's mutations, as sent. */
  mutations?: Mut[];
  /** An asset upload: the file name given and the SHA-1 of the bytes. */
  upload?: { filename: string | null; sha1: string };
}

type User = typeof LOCAL_USER | undefined;

const TICKET_PARAM = 'lakeTicket';
interface Route {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  apiVersion: string;
  /** The path after `/v<apiVersion>`. */
  rest: string;
  user: User;
  record: LakeRequest;
}

export function createLakeServer(options: LakeServerOptions) {
  const { store, identity, projectId, dataset, log } = options;
  let publicUrl = '';
  let nextListenerHost = 1;
  const unsupported: string[] = [];
  const projectApi = createProjectApi({ projectId, dataset, publicUrl: () => publicUrl });
  const presence = createPresenceHub(identity);
  const serveStudio = options.studioDir ? createStudioHandler(options.studioDir) : undefined;
  const loginCodes =
    options.signIn === 'code'
      ? createLoginCodes((code) => log({ event: 'login-code', code, message: `Anmeldecode für das Studio: ${code}` }))
      : undefined;

  /** Where the login may send a browser back to: a page of the lake's own origin (the Studio it serves). */
  const isStudioPage = (value: string) => {
    try {
      return isAllowedOrigin(new URL(value).origin, publicUrl, options.allowedOrigins);
    } catch {
      return false;
    }
  };

  /** Sends the browser back to the Studio with a one-time session id, which it exchanges for the token. */
  function returnToStudio(res: ServerResponse, origin: string, status: 302 | 303): void {
    const target = new URL(origin);
    target.hash = `sid=${identity.newSession()}`;
    res.writeHead(status, { Location: target.toString(), 'Cache-Control': 'no-store' });
    res.end();
  }

  function sendLoginPage(res: ServerResponse, status: number, origin: string, problem?: string): void {
    const html = loginPage(`/v1/auth/login/ksp-local`, origin, problem);
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // Not in a frame of another page (clickjacking the code field).
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    });
    res.end(html);
  }

  const queryIds = async (query: string, params: QueryParams, docs: Doc[]) => {
    const result = await runQuery(docs, query, params, 'raw');
    return (Array.isArray(result) ? result : [result])
      .map((doc) => (doc as Doc | null)?._id)
      .filter((id): id is string => typeof id === 'string');
  };

  // Scheduled releases are published by the lake itself, at their time.
  const releases = createReleaseScheduler({ store, clock: options.clock, queryIds, log });

  /** What a request without a token may read (visibility.ts): the root path, as on Sanity. */
  const visibleTo = (user: User) => (user ? () => true : isAnonymouslyVisible);
  // Queries run in a worker with a time budget, on its own copy of the documents (query-runner.ts).
  const queries = createQueryRunner({ store, budgetMs: options.queryBudgetMs });

  function requireUser(user: User): asserts user {
    if (!user)
      throw new LakeError(
        401,
        'unauthorized',
        'Not signed in: send the token of the local lake (Authorization: Bearer …). Open the Studio to sign in.',
      );
  }

  function checkDataset(name: string | undefined): void {
    if (name !== dataset)
      throw new LakeError(
        404,
        'notFound',
        `Dataset "${String(name)}" not found for project ID "${projectId}" (the local lake has "${dataset}").`,
      );
  }

  function sendNdjson(route: Route, lines: string[]): void {
    route.res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
    route.res.end(lines.map((line) => `${line}\n`).join(''));
  }

  async function query(route: Route, name: string | undefined) {
    checkDataset(name);
    const { req, url } = route;
    let text = url.searchParams.get('query');
    let params = paramsFromSearch(url.searchParams);
    if (req.method === 'POST') {
      const body = await readJson<{ query?: string; params?: QueryParams }>(req);
      text = body.query ?? null;
      params = body.params ?? {};
    }
    if (!text) throw new LakeError(400, 'queryParseError', 'The request has no GROQ "query".');
    const started = performance.now();
    const perspective = parsePerspective(url.searchParams.get('perspective'), route.apiVersion);
    route.record.query = text;
    const { json, count } = await queries.run(text, params, perspective, route.user !== undefined);
    route.record.resultCount = count;
    // What JSON.stringify({query, result, ms}) writes (no "result" when there is none), with the
    // result serialised in the worker.
    const result = json === undefined ? '' : `,"result":${json}`;
    sendJsonText(req, route.res, 200, `{"query":${JSON.stringify(text)}${result},"ms":${Math.round(performance.now() - started)}}`);
  }

  function getDocuments(route: Route, name: string | undefined, ids: string) {
    checkDataset(name);
    const documents: Doc[] = [];
    const omitted: { id: string; reason: string }[] = [];
    for (const id of ids.split(',').map((part) => decodeURIComponent(part))) {
      const doc = store.get(id);
      if (doc && visibleTo(route.user)(id)) documents.push(doc);
      else omitted.push({ id, reason: doc ? 'permission' : 'existence' });
    }
    sendJson(route.req, route.res, 200, { documents, omitted });
  }

  async function mutate(route: Route, name: string | undefined) {
    checkDataset(name);
    requireUser(route.user);
    const { req, url } = route;
    const body = await readJson<{ mutations?: Mut[]; transactionId?: string }>(req);
    if (!Array.isArray(body.mutations))
      throw new LakeError(
        400,
        'mutationError',
        'The body needs "mutations": an array of create, createIfNotExists, createOrReplace, delete or patch.',
      );
    route.record.mutations = body.mutations;
    const keyed = url.searchParams.get('autoGenerateArrayKeys') === 'true';
    const mutations = keyed ? body.mutations.map((mutation) => withArrayKeys(mutation)) : body.mutations;
    const committed = await store.transact(
      async (set) => {
        const results: MutationResult[] = [];
        for (const [index, mutation] of mutations.entries()) results.push(...(await applyMutation(set, mutation, index, queryIds)));
        // Plain mutations obey the releases' locks as actions do.
        assertUnlocked(set);
        return results;
      },
      { transactionId: body.transactionId, author: route.user.id },
    );
    const withDocuments = url.searchParams.get('returnDocuments') === 'true';
    sendJson(req, route.res, 200, {
      transactionId: committed.record.id,
      results: committed.results.map(({ id, operation }) => ({
        id,
        operation,
        ...(withDocuments ? { document: store.get(id) ?? null } : {}),
      })),
      documentIds: committed.results.map(({ id }) => id),
    });
  }

  async function actions(route: Route, name: string | undefined) {
    checkDataset(name);
    requireUser(route.user);
    const body = await readJson<{ actions?: Action[] | Action; transactionId?: string; dryRun?: boolean }>(route.req);
    const list = Array.isArray(body.actions) ? body.actions : body.actions ? [body.actions] : [];
    if (list.length === 0) throw new LakeError(400, 'actionError', 'The body needs "actions": an array of document actions.');
    const build = (set: WorkingSet) => applyActions(set, list, queryIds, (id) => store.lastRevision(id));
    if (body.dryRun === true) {
      // The Studio's permission checks ("may this editor create a release?") run actions dry.
      const tried = await store.dryRun(build);
      return sendJson(route.req, route.res, 200, { transactionId: tried.transactionId });
    }
    const committed = await store.transact(build, {
      transactionId: body.transactionId,
      author: route.user.id,
    });
    sendJson(route.req, route.res, 200, { transactionId: committed.record.id });
  }

  async function upload(route: Route, kind: AssetKind, name: string | undefined) {
    checkDataset(name);
    requireUser(route.user);
    if (!options.assetsDir) throw new LakeError(501, 'notImplemented', 'This lake runs without a state directory and cannot store assets.');
    const bytes = await readBody(route.req);
    if (bytes.length === 0) throw new LakeError(400, 'invalidUpload', 'The upload is empty.');
    const asset = await describeAsset(kind, bytes, route.url.searchParams.get('filename'), projectId, dataset);
    route.record.upload = { filename: route.url.searchParams.get('filename'), sha1: String(asset.sha1hash) };
    await storeAssetBytes(options.assetsDir, asset, bytes);
    const existing = store.get(asset._id);
    if (!existing) {
      await store.transact((set) => applyMutation(set, { createIfNotExists: withUrl(asset, publicUrl) }, 0, queryIds), {
        author: route.user.id,
      });
    }
    sendJson(route.req, route.res, 200, { document: store.get(asset._id) });
  }

  /**
   * Browsers open at most six HTTP/1.1 connections per host, and the Studio keeps six or more
   * listeners open at once (Sanity's API avoids the limit with HTTP/2, which browsers speak
   * only over TLS). A browser's listener is therefore redirected to a host of its own,
   * `l<n>.<host>` (every *.localhost is this machine), with a one-time ticket in place of the
   * token, which browsers drop on a redirect to another host.
   */
  function spreadListener(route: Route): string | undefined {
    const host = route.req.headers.host ?? '';
    const hostname = host.replace(/:\d+$/, '');
    if (!route.req.headers.origin || !(hostname === 'localhost' || hostname.endsWith('.localhost')) || /^l\d+\./.test(hostname))
      return undefined;
    const target = new URL(route.req.url ?? '/', `http://l${nextListenerHost++}.${host}`);
    if (route.user) target.searchParams.set(TICKET_PARAM, identity.newSession());
    return target.toString();
  }

  async function api(route: Route): Promise<void> {
    const { req, res, url, rest, user } = route;
    const get = req.method === 'GET' || req.method === 'HEAD';
    const parts = rest.split('/').filter(Boolean);
    const [area, sub, name, extra] = parts;
    const send = (status: number, body: unknown) => sendJson(req, res, status, body);

    if (area === 'users' && sub === 'me' && parts.length === 2 && get) return send(200, user ?? {});
    if (area === 'auth') {
      if (sub === 'providers' && get)
        return send(200, {
          providers: [{ name: 'ksp-local', title: 'Lokale Redaktion (Code aus dem Terminal)', url: `${publicUrl}/v1/auth/login/ksp-local` }],
          thirdPartyLogin: false,
          sso: {},
        });
      if (sub === 'login' && (get || req.method === 'POST')) {
        const form = req.method === 'POST' ? new URLSearchParams((await readBody(req, 16 * 1024)).toString('utf8')) : url.searchParams;
        const origin = form.get('origin') ?? '';
        if (!isStudioPage(origin))
          throw new LakeError(400, 'invalidOrigin', `The local lake signs in only the Studio it serves (${publicUrl}), not "${origin}".`);
        if (!loginCodes) return returnToStudio(res, origin, 302);
        if (get) return sendLoginPage(res, 200, origin);
        const result = loginCodes.check(form.get('code') ?? '');
        if (result === 'ok') return returnToStudio(res, origin, 303);
        log({ event: 'login-failed', message: 'Falscher Anmeldecode für das Studio eingegeben.' });
        return sendLoginPage(
          res,
          401,
          origin,
          result === 'replaced'
            ? 'Zu viele falsche Versuche. Im Terminal steht jetzt ein neuer Anmeldecode; bitte diesen eingeben.'
            : 'Der Anmeldecode stimmt nicht. Bitte den Code aus dem Terminal eingeben.',
        );
      }
      if (sub === 'fetch' && get) {
        const token = identity.exchange(url.searchParams.get('sid') ?? '');
        if (!token)
          throw new LakeError(401, 'unauthorized', 'The login session is unknown or expired. Reload the Studio to sign in again.');
        return send(200, { token });
      }
      if (sub === 'logout' && req.method === 'POST') return send(200, {});
      if (sub === 'id' && get) {
        requireUser(user);
        return send(200, { id: user.id });
      }
    }
    if (get) {
      const answer = projectApi.get(parts, url.searchParams);
      if (answer) return send(answer.status, answer.body);
    }
    if (req.method === 'POST') {
      const answer = projectApi.post(parts);
      if (answer) return send(answer.status, answer.body);
    }
    if (req.method === 'PUT' && area === 'users') {
      requireUser(user);
      const answer = projectApi.putKeyValues(parts, await readJson<unknown>(req));
      if (answer) return send(answer.status, answer.body);
    }
    if (area === 'data') {
      if (sub === 'query') return query(route, name);
      if (sub === 'doc' && get && extra) return getDocuments(route, name, parts.slice(3).join('/'));
      if (sub === 'mutate' && req.method === 'POST') return mutate(route, name);
      if (sub === 'actions' && req.method === 'POST') return actions(route, name);
      if (sub === 'listen' && get) {
        checkDataset(name);
        const spread = spreadListener(route);
        if (spread) {
          res.writeHead(307, { Location: spread, 'Cache-Control': 'no-store' });
          return void res.end();
        }
        const options = readListenOptions(url.searchParams, paramsFromSearch(url.searchParams), visibleTo(user));
        if (!options.query) throw new LakeError(400, 'queryParseError', 'The listener needs a GROQ filter in "query".');
        return handleListen(req, res, store, options);
      }
      if (sub === 'history' && get && extra === 'events' && parts[4] === 'documents' && parts[5]) {
        checkDataset(name);
        requireUser(user);
        const id = decodeURIComponent(parts[5]);
        return send(200, { events: { [id]: documentEvents(store, id, Number(url.searchParams.get('limit'))) }, nextCursor: '' });
      }
      if (sub === 'history' && get && (extra === 'transactions' || extra === 'documents') && parts[4]) {
        checkDataset(name);
        requireUser(user);
        const ids = parts[4].split(',').map((id) => decodeURIComponent(id));
        if (extra === 'transactions') return sendNdjson(route, transactionLines(store, ids, url.searchParams));
        return send(200, { documents: documentsAt(store, ids, url.searchParams) });
      }
    }
    if (area === 'assets' && (sub === 'images' || sub === 'files') && req.method === 'POST') return upload(route, sub, name);

    const endpoint = `${req.method} /v${route.apiVersion}${rest}`;
    if (!unsupported.includes(endpoint)) unsupported.push(endpoint);
    log({ event: 'unsupported', endpoint });
    throw new LakeError(
      501,
      'notImplemented',
      `The local Content Lake does not implement ${endpoint}. It answers what the Studio and the site use; see dev/lake/README.md.`,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: LakeRequest): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // CORS only for the lake's own pages: any other site the developer visits gets no answer it
    // could read, and no write, login or listener is started for it.
    const origin = req.headers.origin;
    // A listener the lake redirected to a host of its own (spreadListener) arrives with the
    // Origin `null` that browsers send after a cross-origin redirect; only that path on such a
    // host accepts it (anonymous listeners see public documents, others carry a one-time ticket).
    const redirectedListener =
      origin === 'null' && /^l\d+\./.test(req.headers.host ?? '') && /^\/v[\w-]+\/data\/listen\//.test(url.pathname);
    if (origin !== undefined) {
      if (!redirectedListener && !isAllowedOrigin(origin, publicUrl, options.allowedOrigins))
        throw new LakeError(
          403,
          'forbiddenOrigin',
          `The local Content Lake answers pages of its own origin (${publicUrl}) only, not "${origin}". A test that calls it from another origin passes allowedOrigins to startLake.`,
        );
      for (const [name, value] of Object.entries(corsHeaders(req))) res.setHeader(name, value);
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      return void res.end();
    }
    const match = /^\/v(\d{4}-\d{2}-\d{2}|1|X)(\/.*)?$/.exec(url.pathname);
    if (match) {
      // A listener redirected to its own host carries a one-time ticket instead of the token.
      const ticket = url.searchParams.get(TICKET_PARAM);
      const user = ticket && identity.exchange(ticket) ? LOCAL_USER : identity.userFor(req.headers.authorization);
      record.signedIn = user !== undefined;
      const route: Route = { req, res, url, apiVersion: match[1]!, rest: match[2] ?? '/', user, record };
      return api(route);
    }
    const asset = /^\/(images|files)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (asset && asset[2] === projectId && asset[3] === dataset && options.assetsDir && (req.method === 'GET' || req.method === 'HEAD')) {
      if (await serveAsset(req, res, options.assetsDir, asset[4]!)) return;
    }
    if (serveStudio && !asset) return serveStudio(req, res);
    sendJson(req, res, 404, { error: { type: 'notFound', description: `Nothing at ${url.pathname}.` }, statusCode: 404 });
  }

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record: LakeRequest = {
      method: req.method ?? '',
      path: url.pathname,
      perspective: url.searchParams.get('perspective'),
      status: 0,
      signedIn: false,
      ms: 0,
    };
    handle(req, res, record)
      .catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        if (error instanceof LakeError) return sendJson(req, res, error.status, error.body);
        log({ event: 'error', url: req.url, error: error instanceof Error ? error.stack : String(error) });
        sendJson(req, res, 500, {
          error: { type: 'internalError', description: error instanceof Error ? error.message : String(error) },
          statusCode: 500,
        });
      })
      .finally(() => options.onRequest?.({ ...record, status: res.statusCode, ms: performance.now() - started }));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    // WebSockets have no CORS: the origin is checked here.
    if (req.headers.origin !== undefined && !isAllowedOrigin(req.headers.origin, publicUrl, options.allowedOrigins))
      return void socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nThe local Content Lake answers pages of its own origin only.\n');
    if (new RegExp(`^/v[\\w-]+/socket/${dataset}$`).test(pathname)) return presence.upgrade(req, socket, head);
    log({ event: 'unsupported', endpoint: `WebSocket ${pathname}` });
    socket.end(`HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain\r\n\r\nThe local Content Lake has no WebSocket at ${pathname}.\n`);
  });

  return {
    server,
    unsupported,
    /** Ends the presence sockets (the HTTP server does not track upgraded connections). */
    closeSockets: () => presence.close(),
    /** Ends the query worker. */
    closeQueries: () => queries.close(),
    /** The release scheduler (tests run it with their own clock). */
    releases,
    /** Sets the address that asset URLs and the login provider point at. */
    setPublicUrl(url: string) {
      publicUrl = url;
      // Asset URLs follow the lake's address, which may differ between runs.
      for (const doc of store.all()) if (isAssetDocument(doc)) store.documents.set(doc._id, withUrl(doc, url));
    },
  };
}
