// The local lake's mutation semantics over real HTTP through @sanity/client: every mutation
// type, patches applied with @sanity/mutator, ifRevisionID conflicts, all-or-nothing
// transactions, and listener events in commit order.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestLake, type LakeUnderTest } from './helpers.ts';

let t: LakeUnderTest;
beforeAll(async () => {
  t = await startTestLake();
});
afterAll(() => t.close());

describe('mutate', () => {
  test('create, createIfNotExists, createOrReplace, delete; _rev is the transaction id', async () => {
    const created = await t.client.create({ _id: 'm.a', _type: 'thing', title: 'A' });
    expect(created).toMatchObject({ _id: 'm.a', title: 'A', _type: 'thing' });
    expect(created._rev).toBeTypeOf('string');
    expect(created._createdAt).toBe(created._updatedAt);

    await expect(t.client.create({ _id: 'm.a', _type: 'thing' })).rejects.toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('already exists'),
    });
    const kept = await t.client.createIfNotExists({ _id: 'm.a', _type: 'thing', title: 'ignored' });
    expect(kept.title).toBe('A');
    const replaced = await t.client.createOrReplace({ _id: 'm.a', _type: 'thing', other: 1 });
    expect(replaced).not.toHaveProperty('title');
    expect(replaced._createdAt).toBe(created._createdAt);

    const generated = await t.client.create({ _type: 'thing' });
    expect(generated._id).toMatch(/^[A-Za-z0-9]{22}$/);
    const prefixed = await t.client.create({ _id: 'drafts.', _type: 'thing' });
    expect(prefixed._id).toMatch(/^drafts\.[A-Za-z0-9]{22}$/);

    await t.client.delete('m.a');
    expect(await t.client.getDocument('m.a')).toBeUndefined();
    // Deleting what is gone is not an error.
    await expect(t.client.delete('m.a')).resolves.toBeTruthy();
  });

  test('patch operations: set, setIfMissing, unset, inc, dec, insert, diffMatchPatch', async () => {
    await t.client.create({ _id: 'm.p', _type: 'thing', count: 1, list: [{ _key: 'a', v: 1 }], text: 'Hallo Welt' });
    const patched = await t.client
      .patch('m.p')
      .set({ 'nested.title': 'T' })
      .setIfMissing({ count: 99, fresh: true })
      .inc({ count: 5 })
      .dec({ count: 2 })
      .insert('after', 'list[-1]', [{ _key: 'b', v: 2 }])
      .diffMatchPatch({ text: '@@ -1,10 +1,11 @@\n Hallo \n-Welt\n+Kassel\n' })
      .commit();
    expect(patched).toMatchObject({ count: 4, fresh: true, nested: { title: 'T' }, text: 'Hallo Kassel' });
    expect(patched.list).toEqual([
      { _key: 'a', v: 1 },
      { _key: 'b', v: 2 },
    ]);
    const unset = await t.client.patch('m.p').unset(['fresh', 'list[_key=="a"]']).commit();
    expect(unset).not.toHaveProperty('fresh');
    expect(unset.list).toEqual([{ _key: 'b', v: 2 }]);
  });

  test('patch by query, and autoGenerateArrayKeys', async () => {
    await t.client.create({ _id: 'm.q1', _type: 'bulk', n: 1 });
    await t.client.create({ _id: 'm.q2', _type: 'bulk', n: 2 });
    await t.client.mutate([{ patch: { query: '*[_type == "bulk"]', set: { seen: true } } }]);
    expect(await t.client.fetch('*[_type == "bulk"] | order(_id).seen', {}, { perspective: 'raw' })).toEqual([true, true]);
    const keyed = await t.client.create({ _id: 'm.k', _type: 'thing', items: [{ v: 1 }] }, { autoGenerateArrayKeys: true });
    expect((keyed.items as Array<{ _key?: string }>)[0]!._key).toMatch(/^\w{12}$/);
  });

  test('ifRevisionID: a stale revision is a 409 conflict and changes nothing', async () => {
    const doc = await t.client.create({ _id: 'm.r', _type: 'thing', title: 'v1' });
    const second = await t.client.patch('m.r').ifRevisionId(doc._rev).set({ title: 'v2' }).commit();
    expect(second.title).toBe('v2');
    await expect(t.client.patch('m.r').ifRevisionId(doc._rev).set({ title: 'v3' }).commit()).rejects.toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('unexpected revision'),
    });
    expect((await t.client.getDocument('m.r'))?.title).toBe('v2');
  });

  test('a transaction is all or nothing', async () => {
    await t.client.create({ _id: 'm.t', _type: 'thing', n: 1 });
    await expect(
      t.client
        .transaction()
        .patch('m.t', (p) => p.set({ n: 2 }))
        .create({ _id: 'm.t2', _type: 'thing' })
        .create({ _id: 'm.t', _type: 'thing' }) // exists: fails the whole transaction
        .commit(),
    ).rejects.toMatchObject({ statusCode: 409 });
    expect((await t.client.getDocument('m.t'))?.n).toBe(1);
    expect(await t.client.getDocument('m.t2')).toBeUndefined();
    await expect(t.client.patch('m.missing').set({ a: 1 }).commit()).rejects.toMatchObject({ statusCode: 404 });
  });

  test('requests without the token may read published documents only and not write', async () => {
    await t.client.create({ _id: 'drafts.m.secret', _type: 'thing' });
    const anonymous = t.client.withConfig({ token: undefined });
    expect(await anonymous.fetch('*[_id == "drafts.m.secret"]', {}, { perspective: 'raw' })).toEqual([]);
    await expect(anonymous.create({ _id: 'm.x', _type: 'thing' })).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe('listen', () => {
  test('mutation events arrive in commit order with revisions, effects and transitions', async () => {
    const events: Array<Record<string, unknown>> = [];
    const welcome = new Promise<void>((resolve) => {
      const subscription = t.client
        .listen('*[_type == "listened"]', {}, { events: ['welcome', 'mutation'], effectFormat: 'mendoza', includeResult: true })
        .subscribe((event) => {
          if (event.type === 'welcome') resolve();
          else events.push(event as unknown as Record<string, unknown>);
        });
      afterAll(() => subscription.unsubscribe());
    });
    await welcome;
    const created = await t.client.create({ _id: 'l.1', _type: 'listened', n: 1 });
    const patched = await t.client.patch('l.1').set({ n: 2 }).commit();
    await t.client.create({ _id: 'l.other', _type: 'unrelated' });
    await t.client.delete('l.1');
    await expect.poll(() => events.length, { timeout: 5000 }).toBe(3);
    expect(events.map((event) => event.transition)).toEqual(['appear', 'update', 'disappear']);
    expect(events[0]).toMatchObject({ documentId: 'l.1', resultRev: created._rev, transactionTotalEvents: 1, transactionCurrentEvent: 1 });
    expect(events[0]).not.toHaveProperty('previousRev');
    expect(events[1]).toMatchObject({ previousRev: created._rev, resultRev: patched._rev, result: { n: 2 } });
    expect(events[1]!.effects).toEqual({ apply: [0, expect.objectContaining({ n: 2 })], revert: [0, expect.objectContaining({ n: 1 })] });
    expect(events[2]).toMatchObject({ previousRev: patched._rev, effects: { apply: [0, null] } });
  });
});
