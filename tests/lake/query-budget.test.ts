// An expensive GROQ query must not stall the process that runs the lake (under `npm start` the
// site's publish server shares it): queries run in a worker with a time budget. While one runs,
// another request to the same process is answered, and the query over budget is stopped and
// answered with a timeout error that names the budget and how to narrow the query.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestLake, type LakeUnderTest } from './helpers.ts';

const ITEMS = 700;
const FIXTURES = Array.from({ length: ITEMS }, (_, n) => ({ _id: `item-${n}`, _type: 'item', n }));
// ITEMS² comparisons: seconds of CPU in groq-js, far over the budget below.
const EXPENSIVE = '*[_type == "item"]{ "below": count(*[_type == "item" && n < ^.n]) }';
const BUDGET_MS = 300;

let t: LakeUnderTest;
let api: string;
beforeAll(async () => {
  t = await startTestLake({ documents: FIXTURES, queryBudgetMs: BUDGET_MS });
  api = `${t.lake.url.replace('localhost', '127.0.0.1')}/v2025-02-19`;
});
afterAll(() => t.close());

/** Resolves when the lake's HTTP server has received a request for `path` (it is being handled). */
function received(path: string): Promise<void> {
  return new Promise((resolve) => {
    const onStart = (message: unknown) => {
      const { request } = message as { request: { url?: string } };
      if (!request.url?.includes(path)) return;
      unsubscribe('http.server.request.start', onStart);
      resolve();
    };
    subscribe('http.server.request.start', onStart);
  });
}

test('an expensive query is stopped at the budget while the same process keeps answering', async () => {
  const order: string[] = [];
  const started = received('/data/query/');
  const expensive = fetch(`${api}/data/query/production?query=${encodeURIComponent(EXPENSIVE)}`).then(async (response) => {
    order.push('expensive');
    return { status: response.status, body: (await response.json()) as { error: { type: string; description: string } } };
  });
  await started;
  const cheap = await fetch(`${api}/data/doc/production/item-1`).then(async (response) => {
    order.push('cheap');
    return (await response.json()) as { documents: { _id: string }[] };
  });
  expect(cheap.documents.map((doc) => doc._id)).toEqual(['item-1']);
  const { status, body } = await expensive;
  // Answered while the query was running, not after it.
  expect(order).toEqual(['cheap', 'expensive']);
  expect(status).toBe(408);
  expect(body.error.type).toBe('queryTimeout');
  expect(body.error.description).toContain(`${BUDGET_MS} ms`);
  expect(body.error.description).toMatch(/Narrow it/);
}, 60_000);

test('after a stopped query the next ones are answered, with every commit made since', async () => {
  const stopped = await fetch(`${api}/data/query/production?query=${encodeURIComponent(EXPENSIVE)}`);
  expect(stopped.status).toBe(408);
  await t.client.create({ _id: 'item-new', _type: 'item', n: -1 });
  expect(await t.client.fetch('count(*[_type == "item"])')).toBe(ITEMS + 1);
  expect(await t.client.fetch('*[_id == "item-new"][0].n')).toBe(-1);
  await t.client.delete('item-new');
  expect(await t.client.fetch('count(*[_id == "item-new"])')).toBe(0);
  expect(await t.client.fetch('*[_type == "item" && n < 3] | order(n) { n }')).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
}, 60_000);
