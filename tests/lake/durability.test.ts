// Nothing the lake acknowledged is lost: a lake in its own process is killed with SIGKILL in the
// middle of a burst of writes and started again on the same directory, and every write it had
// answered is there; the same with the lake and the publish server in one process, as `npm start`
// runs them. A transaction log whose last line a crash cut short is repaired at start.
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { lakeClient, startLake } from '../../dev/lake/index.ts';

const TOKEN = 'sk-test-durability';
const BURST = 1000;
const CONCURRENCY = 16;
/** The child is killed once this many writes were acknowledged: mid-burst. */
const KILL_AFTER = 300;

let dir: string;
afterEach(async () => {
  vi.restoreAllMocks();
  // A build the killed platform started runs on in its own process group (as a real one would
  // after a kill -9 of the server) and may still write into releases/ for a moment: retry.
  await rm(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
});

async function startChild(script: 'run-lake.ts' | 'run-platform.ts', stateDir: string) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, script), stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The lake child did not start within 60 s.')), 60_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', () => reject(new Error('The lake child exited before it listened.')));
  });
  const { url, token = TOKEN } = JSON.parse(first) as { url: string; token?: string };
  return { child, exited, token, api: `${url.replace('localhost', '127.0.0.1')}/v2025-02-19/data/mutate/production` };
}

/**
 * Sends BURST creates, CONCURRENCY at a time, and kills the child with SIGKILL once KILL_AFTER
 * were acknowledged; returns the ids of the acknowledged ones.
 */
async function burstUntilKilled({ child, exited, token, api }: Awaited<ReturnType<typeof startChild>>, document: (id: string) => Record<string, unknown>): Promise<string[]> {
  const acknowledged: string[] = [];
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < BURST && !killed) {
      const id = `burst-${next++}`;
      try {
        const response = await fetch(api, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ mutations: [{ create: document(id) }] }),
        });
        if (response.status === 200) acknowledged.push(id);
        else await response.arrayBuffer();
      } catch {
        // The lake is gone: this write was never acknowledged.
      }
      if (acknowledged.length >= KILL_AFTER && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  expect(await exited).toBe('SIGKILL');
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(acknowledged.length).toBeLessThan(BURST);
  return acknowledged;
}

describe('durability', () => {
  test(`kill -9 during a ${BURST}-write burst loses no acknowledged write`, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ksp-lake-durability-'));
    const acknowledged = await burstUntilKilled(await startChild('run-lake.ts', dir), (id) => ({ _id: id, _type: 'thing', n: id }));

    const lake = await startLake({ dir, seedFile: false, token: TOKEN });
    try {
      const lost = acknowledged.filter((id) => !lake.store.get(id));
      expect(lost, `${lost.length} of ${acknowledged.length} acknowledged writes lost`).toEqual([]);
      // What the restarted lake answers agrees with what it holds.
      const count = await lakeClient(lake, lake.url.replace('localhost', '127.0.0.1')).fetch<number>('count(*[_type == "thing"])');
      expect(count).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await lake.close();
    }
  }, 120_000);

  // As `npm start` runs it: the publish server shares the lake's process, and every write is a
  // publish of a rendered type, so webhooks and builds run through the burst.
  test(`under npm start (lake and publish server in one process), kill -9 during a ${BURST}-write burst loses no acknowledged write`, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ksp-platform-durability-'));
    const acknowledged = await burstUntilKilled(await startChild('run-platform.ts', dir), (id) => ({
      _id: `service.${id}`,
      _type: 'service',
      title: { _type: 'localizedString', de: `Dienst ${id}` },
    }));

    // The publish server was at work in the killed process: it built at least once.
    expect((await readFile(path.join(dir, 'builds.log'), 'utf8')).trim().split('\n').length).toBeGreaterThanOrEqual(1);

    const lake = await startLake({ dir: path.join(dir, 'lake'), seedFile: false });
    try {
      const lost = acknowledged.filter((id) => !lake.store.get(`service.${id}`));
      expect(lost, `${lost.length} of ${acknowledged.length} acknowledged writes lost`).toEqual([]);
      // What the restarted lake answers agrees with what it holds.
      const ids = acknowledged.map((id) => `service.${id}`);
      const count = await lakeClient(lake, lake.url.replace('localhost', '127.0.0.1')).fetch<number>('count(*[_id in $ids])', { ids });
      expect(count).toBe(acknowledged.length);
    } finally {
      await lake.close();
    }
  }, 180_000);

  test('a torn last line in the transaction log is dropped with a warning; everything before it is kept', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ksp-lake-torn-'));
    const first = await startLake({ dir, seedFile: false, token: TOKEN });
    const client = lakeClient(first, first.url.replace('localhost', '127.0.0.1'));
    for (const n of [1, 2, 3]) await client.create({ _id: `doc-${n}`, _type: 'thing', n });
    await first.close();
    const log = path.join(dir, 'production', 'transactions.ndjson');
    const whole = await readFile(log, 'utf8');
    await appendFile(log, '{"id":"torn","timestamp":"2026-');

    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((message: string) => void warnings.push(message));
    const second = await startLake({ dir, seedFile: false, token: TOKEN });
    try {
      expect(warnings.join('\n')).toMatch(/last line \(4\) of .*transactions\.ndjson was cut short by a crash and is removed.*3 transactions before it are kept/);
      expect(['doc-1', 'doc-2', 'doc-3'].map((id) => second.store.get(id)?.n)).toEqual([1, 2, 3]);
      expect(await readFile(log, 'utf8')).toBe(whole);
      // The next transaction starts on a line of its own.
      await lakeClient(second, second.url.replace('localhost', '127.0.0.1')).create({ _id: 'doc-4', _type: 'thing', n: 4 });
    } finally {
      await second.close();
    }
    const third = await startLake({ dir, seedFile: false, token: TOKEN });
    try {
      expect(third.store.get('doc-4')?.n).toBe(4);
      expect(third.store.transactionsFor(['doc-1', 'doc-2', 'doc-3', 'doc-4'])).toHaveLength(4);
    } finally {
      await third.close();
    }
  });

  test('a damaged line before the last one stops the start and says how to recover', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ksp-lake-damaged-'));
    const first = await startLake({ dir, seedFile: false, token: TOKEN });
    await lakeClient(first, first.url.replace('localhost', '127.0.0.1')).create({ _id: 'doc-1', _type: 'thing' });
    await first.close();
    const log = path.join(dir, 'production', 'transactions.ndjson');
    await writeFile(log, `{"broken\n${await readFile(log, 'utf8')}`);
    await expect(startLake({ dir, seedFile: false, token: TOKEN })).rejects.toThrow(/line 1 of .*transactions\.ndjson is not a complete transaction.*lake:reset/);
  });
});
