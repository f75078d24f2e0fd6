// Document actions (what the Studio sends for edit, publish, unpublish, discard, delete), the
// perspectives of queries, and the signed webhooks the lake sends after a publish.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkSignature, SIGNATURE_HEADER } from '../../core/publish/signature.ts';
import { WEBHOOK_FILTER, WEBHOOK_PROJECTION } from '../../core/registry.ts';
import { startTestLake, type LakeUnderTest } from './helpers.ts';

const SECRET = 'a-local-webhook-secret-of-some-length';
const received: Array<{ body: string; headers: Record<string, string | string[] | undefined> }> = [];
let receiver: Server;
let t: LakeUnderTest;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  t = await startTestLake({ webhook: { url: `http://127.0.0.1:${port}/webhooks/sanity`, secret: SECRET } });
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const action = (body: Record<string, unknown>) => t.client.action(body as never);

describe('document actions', () => {
  test('create a draft, edit, publish: the draft moves onto the published id', async () => {
    await action({
      actionType: 'sanity.action.document.create',
      publishedId: 'service.a',
      attributes: { _id: 'drafts.service.a', _type: 'service', title: { de: 'A' } },
      ifExists: 'fail',
    });
    await action({
      actionType: 'sanity.action.document.edit',
      draftId: 'drafts.service.a',
      publishedId: 'service.a',
      patch: { set: { 'title.de': 'A2' } },
    });
    expect(await t.client.getDocument('service.a')).toBeUndefined();
    await action({ actionType: 'sanity.action.document.publish', draftId: 'drafts.service.a', publishedId: 'service.a' });
    expect(await t.client.getDocument('drafts.service.a')).toBeUndefined();
    expect((await t.client.getDocument('service.a'))?.title).toEqual({ de: 'A2' });
  });

  test('editing a published document without a draft copies it into a draft first', async () => {
    await action({
      actionType: 'sanity.action.document.edit',
      draftId: 'drafts.service.a',
      publishedId: 'service.a',
      patch: { set: { 'title.de': 'A3' } },
    });
    expect((await t.client.getDocument('drafts.service.a'))?.title).toEqual({ de: 'A3' });
    expect((await t.client.getDocument('service.a'))?.title).toEqual({ de: 'A2' });
    // Perspectives: published ignores the draft, drafts lays it over the published document.
    expect(await t.client.fetch('*[_id == "service.a"][0].title.de', {}, { perspective: 'published' })).toBe('A2');
    expect(await t.client.fetch('*[_id == "service.a"][0]{"t": title.de, _originalId}', {}, { perspective: 'drafts' })).toEqual({
      t: 'A3',
      _originalId: 'drafts.service.a',
    });
    expect(await t.client.fetch('count(*[_id in path("**.service.a") || _id == "service.a"])', {}, { perspective: 'raw' })).toBe(2);
  });

  test('a publish with a stale published revision fails and changes nothing', async () => {
    await expect(
      action({
        actionType: 'sanity.action.document.publish',
        draftId: 'drafts.service.a',
        publishedId: 'service.a',
        ifPublishedRevisionId: 'stale',
      }),
    ).rejects.toMatchObject({ statusCode: 409 });
    expect(await t.client.getDocument('drafts.service.a')).toBeDefined();
  });

  test('discard, unpublish (keeps a draft), delete; unknown actions are 501 and name the action', async () => {
    await action({ actionType: 'sanity.action.document.discard', draftId: 'drafts.service.a' });
    expect(await t.client.getDocument('drafts.service.a')).toBeUndefined();
    await action({ actionType: 'sanity.action.document.unpublish', draftId: 'drafts.service.a', publishedId: 'service.a' });
    expect(await t.client.getDocument('service.a')).toBeUndefined();
    expect((await t.client.getDocument('drafts.service.a'))?.title).toEqual({ de: 'A2' });
    await action({ actionType: 'sanity.action.document.delete', publishedId: 'service.a', includeDrafts: ['drafts.service.a'] });
    expect(await t.client.getDocument('drafts.service.a')).toBeUndefined();
    // Variants (a Sanity beta the Studio here does not enable) are not implemented.
    await expect(action({ actionType: 'sanity.action.document.variant.create', publishedId: 'service.a' })).rejects.toMatchObject({
      statusCode: 501,
      message: expect.stringContaining('sanity.action.document.variant.create'),
    });
  });
});

describe('webhooks', () => {
  test('one signed delivery per publish, unpublish and delete of a rendered type; none for drafts or other types', async () => {
    await t.lake.settled();
    const bodies = received.map(({ body }) => JSON.parse(body) as Record<string, unknown>);
    expect(bodies.map(({ _id, operation }) => `${String(operation)} ${String(_id)}`)).toEqual(['create service.a', 'delete service.a']);
    for (const { body, headers } of received) {
      const signature = await checkSignature(body, headers[SIGNATURE_HEADER] as string, SECRET, Date.now());
      expect(signature.ok).toBe(true);
      expect(headers['idempotency-key']).toMatch(/#service\.a$/);
      expect(headers['sanity-dataset']).toBe('production');
    }
    expect(bodies[0]).toEqual({ _id: 'service.a', _type: 'service', _rev: expect.any(String), operation: 'create' });
    received.length = 0;
    await t.client.create({ _id: 'notRendered.x', _type: 'sanity.imageAsset' });
    await t.client.create({ _id: 'drafts.partner.x', _type: 'partner' });
    await t.lake.settled();
    expect(received).toEqual([]);
  });

  test('the filter and projection are the ones the README tells editors to enter', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(WEBHOOK_FILTER);
    expect(readme).toContain(WEBHOOK_PROJECTION);
  });
});

describe('unsupported endpoints', () => {
  test('answer 501 and name the endpoint', async () => {
    const response = await fetch(`${t.lake.url.replace('localhost', '127.0.0.1')}/v2025-02-19/data/export/production`, {
      headers: { Authorization: `Bearer ${t.lake.token}` },
    });
    expect(response.status).toBe(501);
    expect(((await response.json()) as { error: { description: string } }).error.description).toContain(
      'GET /v2025-02-19/data/export/production',
    );
    expect(t.lake.unsupported).toContain('GET /v2025-02-19/data/export/production');
  });
});
