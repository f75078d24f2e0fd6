// `npm run bench:load [-- --minutes 5 --citizens 50 --publish-every 10 --feedback-per-minute 20]`:
// the one-machine platform under load, on loopback. Starts the local Content Lake and the publish
// server in this process (private state, real site builds), waits for the first release, then
// for the given minutes runs citizens browsing the sitemap's pages (and now and then a page's
// CSS, JavaScript or image), an editor publishing a new title of one service through the lake's
// document actions, and citizens sending page feedback the way the browser script does (a
// proof-of-work challenge solved with altcha-lib). Afterwards it waits for the last publish to be
// built and checks: no 5xx from the site, every publish live (the build manifest carries its
// revision or a later one), every accepted feedback stored in the lake. Prints the figures and
// exits 1 when a check fails. Not a test: timings depend on the machine.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Challenge } from 'altcha-lib/types';
import { CHALLENGE_PATH, FEEDBACK_PATH, MIN_FILL_MS, feedbackId } from '../core/feedback/model.ts';
import { lakeClient, LOCAL_DATASET, LOCAL_PROJECT_ID, ROOT } from '../dev/lake/index.ts';
import { startLocalPlatform } from '../dev/platform.ts';
import { ensureStudioBuild, localStudioEnv } from '../dev/studio-build.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    citizens: { type: 'string', default: '50' },
    'publish-every': { type: 'string', default: '10' },
    'feedback-per-minute': { type: 'string', default: '20' },
  },
});

function option(name: keyof typeof values, min: number, max: number): number {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${name} "${values[name]}" must be a number from ${min} to ${max}.`);
    process.exit(1);
  }
  return value;
}
const minutes = option('minutes', 0.1, 60);
const citizens = Math.round(option('citizens', 1, 500));
const publishEveryMs = option('publish-every', 1, 600) * 1000;
const feedbackPerMinute = option('feedback-per-minute', 0, 600);

const SERVICE = 'service-sperrmuell-anmelden';
const FEEDBACK_PAGE = '/dienstleistungen/sperrmuell-anmelden/';
/** Pause of a citizen between two requests: people read. */
const THINK_MS = [200, 1000] as const;
/** Share of page views after which a citizen also fetches one of the page's CSS, JS or images. */
const ASSET_SHARE = 0.3;
/** After the load: how long the last publish and the feedback spool may take. */
const SETTLE_MS = 10 * 60_000;
const FIRST_RELEASE_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([low, high]: readonly [number, number]) => low + Math.random() * (high - low);
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const ms = (value: number) => (Number.isNaN(value) ? '–' : `${Math.round(value)} ms`);
const seconds = (value: number) => (Number.isNaN(value) ? '–' : `${(value / 1000).toFixed(1)} s`);

const studioDir = path.join(ROOT, 'studio', 'dist');
await ensureStudioBuild(studioDir, localStudioEnv(LOCAL_PROJECT_ID, LOCAL_DATASET), console.log);
const work = await mkdtemp(path.join(tmpdir(), 'ksp-bench-load-'));
const buildErrors: string[] = [];
const platform = await startLocalPlatform({
  repoRoot: ROOT,
  lakeDir: path.join(work, 'lake'),
  studioDir,
  env: { KSP_STATE_DIR: path.join(work, 'state'), RELEASES_DIR: path.join(work, 'releases'), DAILY_REBUILD: 'off', KSP_CONTENT_CACHE: path.join(work, 'content-cache') },
  publishLog: (line, level) => {
    if (level === 'error') buildErrors.push(line);
  },
  // The editor works through the API with the lake's token; nobody signs in to the Studio.
  lakeSignIn: 'automatic',
});
const site = platform.siteUrl.replace('localhost', '127.0.0.1');
const client = lakeClient(platform.lake, platform.lake.url.replace('localhost', '127.0.0.1'));

/** Every answer of the site, by status; page latencies; failures without an answer. */
const statuses = new Map<number, number>();
const pageLatencies: number[] = [];
let requests = 0;
let networkErrors = 0;
const serverErrors: string[] = [];

async function get(url: string, page: boolean): Promise<string | undefined> {
  requests += 1;
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    const body = page ? await response.text() : (await response.arrayBuffer(), undefined);
    if (page) pageLatencies.push(performance.now() - started);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (response.status >= 500 && serverErrors.length < 20) serverErrors.push(`${response.status} ${new URL(url).pathname}`);
    return response.ok ? body : undefined;
  } catch (error) {
    networkErrors += 1;
    if (serverErrors.length < 20) serverErrors.push(`no answer: ${new URL(url).pathname} (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

/** The site's page paths, from its sitemap (the sitemap names the public host; we ask our own). */
async function sitemapPaths(): Promise<string[]> {
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
  const index = await (await fetch(`${site}/sitemap-index.xml`)).text();
  const paths: string[] = [];
  for (const sitemap of locs(index)) paths.push(...locs(await (await fetch(`${site}${sitemap}`)).text()));
  return paths;
}

/** Same-origin CSS, JavaScript and images a page references. */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:css|js|avif|webp|jpe?g|png|svg)(?:\?[^"]*)?)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
}

async function manifestRevision(): Promise<string | undefined> {
  try {
    const response = await fetch(`${site}/build-manifest.json`, { cache: 'no-store' });
    if (!response.ok) return undefined;
    return ((await response.json()) as { revisions?: Record<string, string> }).revisions?.[SERVICE];
  } catch {
    return undefined;
  }
}

try {
  const firstDeadline = Date.now() + FIRST_RELEASE_MS;
  while (!(await manifestRevision())) {
    if (Date.now() > firstDeadline) throw new Error(`No first release within ${FIRST_RELEASE_MS / 60_000} minutes. Build errors: ${buildErrors.join(' | ') || 'none'}`);
    await sleep(1000);
  }
  await platform.app.queue.idle();
  const paths = await sitemapPaths();
  if (paths.length === 0) throw new Error('The sitemap of the first release lists no pages.');
  console.log(`first release live; ${paths.length} pages in the sitemap. Load for ${minutes} min: ${citizens} citizens, a publish every ${publishEveryMs / 1000} s, ${feedbackPerMinute} feedback posts a minute.`);

  const runId = Date.now().toString(36);
  const endAt = Date.now() + minutes * 60_000;
  const running = () => Date.now() < endAt;

  async function citizen(): Promise<void> {
    await sleep(between([0, THINK_MS[1]]));
    while (running()) {
      const html = await get(`${site}${pick(paths)}`, true);
      if (html && Math.random() < ASSET_SHARE) {
        const assets = assetsOf(html);
        if (assets.length > 0) await get(`${site}${pick(assets)}`, false);
      }
      await sleep(between(THINK_MS));
    }
  }

  /** Publishes in order: their revision, when the publish was acknowledged, when it was first live. */
  const publishes: { title: string; rev: string; at: number; liveAt?: number }[] = [];
  const publishErrors: string[] = [];
  async function editor(): Promise<void> {
    for (let n = 1; running(); n += 1) {
      const next = Date.now() + publishEveryMs;
      const title = `Sperrmüll anmelden (Last ${runId}, ${n})`;
      try {
        await client.action({ actionType: 'sanity.action.document.edit', draftId: `drafts.${SERVICE}`, publishedId: SERVICE, patch: { set: { 'title.de': title } } });
        await client.action({ actionType: 'sanity.action.document.publish', draftId: `drafts.${SERVICE}`, publishedId: SERVICE });
        const at = Date.now();
        const published = await client.getDocument(SERVICE);
        if (!published?._rev) throw new Error(`${SERVICE} has no published revision after the publish`);
        publishes.push({ title, rev: published._rev, at });
      } catch (error) {
        publishErrors.push(`publish ${n}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await sleep(Math.max(0, Math.min(next, endAt) - Date.now()));
    }
  }

  /** A publish is live once the live release read its revision or a later one (builds coalesce). */
  let watching = true;
  async function watcher(): Promise<void> {
    while (watching) {
      const rev = await manifestRevision();
      const index = rev ? publishes.findIndex((publish) => publish.rev === rev) : -1;
      const now = Date.now();
      for (const publish of publishes.slice(0, index + 1)) publish.liveAt ??= now;
      await sleep(500);
    }
  }

  const feedback: { id: string; status: number }[] = [];
  const feedbackErrors: string[] = [];
  async function sendFeedback(n: number): Promise<void> {
    // Each sender is another citizen (the rate limit is per client): the proxy's address header,
    // which the site believes from loopback only.
    const headers = { 'X-Forwarded-For': `198.51.${100 + Math.floor(n / 250)}.${(n % 250) + 1}`, Accept: 'application/json' };
    try {
      const challengeResponse = await fetch(`${site}${CHALLENGE_PATH}`, { headers });
      requests += 1;
      statuses.set(challengeResponse.status, (statuses.get(challengeResponse.status) ?? 0) + 1);
      if (!challengeResponse.ok) throw new Error(`challenge: ${challengeResponse.status} ${await challengeResponse.text()}`);
      const received = Date.now();
      const challenge = (await challengeResponse.json()) as Challenge;
      const solution = await solveChallenge({ challenge, deriveKey });
      if (!solution) throw new Error('challenge: no solution');
      // A person needs a moment to fill in the form; the server refuses faster posts.
      await sleep(received + MIN_FILL_MS + 200 - Date.now());
      const body = new URLSearchParams({
        kind: 'report',
        page: FEEDBACK_PAGE,
        document: SERVICE,
        lang: 'de',
        category: 'fehler',
        task: `Lasttest ${runId}, Rückmeldung ${n}`,
        problem: 'Die Seite lässt sich unter Last gut lesen.',
        altcha: JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } }),
      });
      const response = await fetch(`${site}${FEEDBACK_PATH}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
      requests += 1;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const answer = await response.text();
      if (response.status >= 500 && serverErrors.length < 20) serverErrors.push(`${response.status} ${FEEDBACK_PATH}: ${answer.slice(0, 200)}`);
      feedback.push({ id: feedbackId(challenge.parameters.nonce), status: response.status });
      if (!response.ok) feedbackErrors.push(`feedback ${n}: ${response.status} ${answer.slice(0, 200)}`);
    } catch (error) {
      feedbackErrors.push(`feedback ${n}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  async function feedbackLoop(): Promise<void> {
    if (feedbackPerMinute === 0) return;
    const everyMs = 60_000 / feedbackPerMinute;
    const sent: Promise<void>[] = [];
    for (let n = 0; running(); n += 1) {
      sent.push(sendFeedback(n));
      await sleep(everyMs);
    }
    await Promise.all(sent);
  }

  const watching$ = watcher();
  await Promise.all([...Array.from({ length: citizens }, citizen), editor(), feedbackLoop()]);
  console.log('load over; waiting for the last publish to go live and the feedback spool to empty …');

  const settleDeadline = Date.now() + SETTLE_MS;
  while (publishes.some((publish) => !publish.liveAt) && Date.now() < settleDeadline) await sleep(1000);
  await platform.app.queue.idle();
  watching = false;
  await watching$;

  const accepted = feedback.filter(({ status }) => status >= 200 && status < 300);
  const acceptedIds = accepted.map(({ id }) => id);
  let storedIds: string[] = [];
  while (Date.now() < settleDeadline) {
    storedIds = await client.fetch<string[]>('*[_type == "feedback" && _id in $ids]._id', { ids: acceptedIds });
    if (storedIds.length === acceptedIds.length) break;
    await sleep(1000);
  }
  const lastTitle = publishes.at(-1)?.title;
  const finalPage = lastTitle ? await get(`${site}${FEEDBACK_PAGE}`, true) : undefined;

  const sorted = [...pageLatencies].sort((a, b) => a - b);
  const live = publishes.filter((publish) => publish.liveAt !== undefined);
  const toLive = live.map((publish) => publish.liveAt! - publish.at).sort((a, b) => a - b);
  const fiveXx = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  const statusLine = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');

  console.log('');
  console.log(`requests to the site:   ${requests} in ${minutes} min (${(requests / (minutes * 60)).toFixed(1)}/s), ${networkErrors} without an answer`);
  console.log(`status counts:          ${statusLine}`);
  console.log(`page latency:           p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, max ${ms(sorted.at(-1) ?? NaN)} (${sorted.length} pages)`);
  console.log(`publishes:              ${publishes.length} made, ${live.length} live; time to live p50 ${seconds(percentile(toLive, 50))}, max ${seconds(toLive.at(-1) ?? NaN)}`);
  console.log(`feedback:               ${feedback.length} posted, ${accepted.length} accepted, ${storedIds.length} stored`);

  const failures: string[] = [];
  if (fiveXx > 0) failures.push(`${fiveXx} answers with 5xx: ${serverErrors.join('; ')}`);
  if (networkErrors > 0) failures.push(`${networkErrors} requests without an answer: ${serverErrors.join('; ')}`);
  if (publishErrors.length > 0) failures.push(`publishes failed: ${publishErrors.slice(0, 5).join('; ')}`);
  if (publishes.length === 0) failures.push('no publish was made');
  if (live.length < publishes.length) failures.push(`${publishes.length - live.length} publishes never went live. Build errors: ${buildErrors.slice(-3).join(' | ') || 'none'}`);
  if (lastTitle && !finalPage?.includes(lastTitle)) failures.push(`${FEEDBACK_PAGE} does not show the last published title "${lastTitle}"`);
  if (storedIds.length < acceptedIds.length) failures.push(`${acceptedIds.length - storedIds.length} accepted feedback posts are not in the lake`);
  if (feedbackPerMinute > 0 && accepted.length === 0) failures.push('no feedback was accepted');
  if (feedbackErrors.length > 0) console.log(`feedback not accepted:  ${feedbackErrors.slice(0, 5).join('; ')}`);
  if (failures.length > 0) {
    console.log('');
    for (const failure of failures) console.log(`FAILED: ${failure}`);
    process.exitCode = 1;
  } else {
    console.log('all checks passed');
  }
} finally {
  await platform.close();
  await rm(work, { recursive: true, force: true });
}
