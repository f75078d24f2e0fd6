// What the lake offers tests and the bench besides Sanity's API: starting with fixtures, a fixed
// token, replacing the whole dataset as one transaction, and a record of every request. None of
// it changes what a client sees.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CommittedTransaction } from '../../dev/lake/store.ts';
import type { LakeRequest } from '../../dev/lake/index.ts';
import { startTestLake, type LakeUnderTest } from './helpers.ts';

const TOKEN = 'sk-fixed-test-token';
const requests: LakeRequest[] = [];
const fixtures = [
  { _id: 'f-a', _type: 'thing', title: 'A' },
  { _id: 'f-b', _type: 'thing', title: 'B', _rev: 'pinned-b', _updatedAt: '2020-01-01T00:00:00Z' },
  { _id: 'drafts.f-a', _type: 'thing', title: 'A (Entwurf)' },
];

let t: LakeUnderTest;
beforeAll(async () => {
  t = await startTestLake({ documents: fixtures, token: TOKEN, onRequest: (request) => requests.push(request) });
});
afterAll(() => t.close());

describe('fixtures', () => {
  test('the lake starts with exactly the given documents, system fields as given, a missing _rev added', () => {
    expect([...t.lake.store.documents.keys()].sort()).toEqual(['drafts.f-a', 'f-a', 'f-b']);
    expect(t.lake.store.get('f-b')).toEqual(fixtures[1]);
    expect(t.lake.store.get('f-a')).toEqual({ ...fixtures[0], _rev: expect.any(String) });
    expect(t.lake.token).toBe(TOKEN);
  });

  test('replaceDocuments: one transaction with creates, edits and deletes; unchanged documents keep their revision', async () => {
    const revOfA = t.lake.store.get('f-a')!._rev;
    const seen: CommittedTransaction[] = [];
    const stop = t.lake.store.onTransaction((transaction) => seen.push(transaction));
    await t.lake.store.replaceDocuments([
      fixtures[0]!,
      { ...fixtures[1]!, _rev: undefined, title: 'B2' },
      { _id: 'f-c', _type: 'thing', title: 'C' },
    ]);
    stop();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.changes.map(({ id, after }) => [id, after?.title ?? null]).sort()).toEqual([
      ['drafts.f-a', null],
      ['f-b', 'B2'],
      ['f-c', 'C'],
    ]);
    expect(t.lake.store.get('f-a')!._rev).toBe(revOfA);
    expect(t.lake.store.get('f-b')!._rev).toBe(seen[0]!.record.id);
    expect(await t.lake.store.replaceDocuments([...t.lake.store.all()])).toMatchObject({ changes: [] });
  });
});

describe('the request record', () => {
  test('names each request with its perspective, query, result count, status and sign-in, and leaves the answer alone', async () => {
    const before = requests.length;
    await t.client.create({ _id: 'drafts.f-d', _type: 'thing' });
    const api = `${t.lake.url.replace('localhost', '127.0.0.1')}/v2025-02-19/data`;
    const anonymous = await fetch(`${api}/query/production?query=${encodeURIComponent('*[_type == "thing"]')}&perspective=raw`);
    expect(anonymous.status).toBe(200);
    // Without the token no draft, as on a public dataset.
    expect(((await anonymous.json()) as { result: unknown[] }).result).toHaveLength(3);
    const denied = await fetch(`${api}/mutate/production`, { method: 'POST', body: '{"mutations":[]}' });
    expect(denied.status).toBe(401);
    const recorded = requests.slice(before);
    expect(recorded.map(({ method, status, signedIn, perspective, resultCount }) => ({ method, status, signedIn, perspective, resultCount }))).toEqual([
      { method: 'POST', status: 200, signedIn: true, perspective: null, resultCount: undefined },
      { method: 'GET', status: 200, signedIn: false, perspective: 'raw', resultCount: 3 },
      { method: 'POST', status: 401, signedIn: false, perspective: null, resultCount: undefined },
    ]);
    expect(recorded[0]!.mutations).toEqual([{ create: { _id: 'drafts.f-d', _type: 'thing' } }]);
    expect(recorded[1]!.query).toBe('*[_type == "thing"]');
    expect(recorded[1]!.path).toBe('/v2025-02-19/data/query/production');
    expect(recorded.every(({ ms }) => ms >= 0)).toBe(true);
  });
});
