// Netlify's deploy list as the build status (netlify/lib/netlify-deploys.ts): a cancelled
// deploy is not a failure, queued and building deploys are told apart, only production counts,
// and the trigger comes back from the title the Functions gave the build hook.
import { describe, expect, it } from 'vitest';
import { dailyTrigger, publishTrigger, type TriggerDocument } from '../../core/publish/build-trigger.ts';
import { decodeDeployTitle, encodeDeployTitle, MAX_DEPLOY_TITLE } from '../../netlify/lib/deploy-title.ts';
import { statusFromDeploys, type NetlifyDeploy } from '../../netlify/lib/netlify-deploys.ts';

/** The title the webhook Function gives the build hook for one published document. */
const hookTitle = (doc: TriggerDocument) => encodeDeployTitle(publishTrigger([doc]));

const deploy = (id: string, state: string, extra: Partial<NetlifyDeploy> = {}): NetlifyDeploy => ({ id, state, context: 'production', created_at: `2026-12-01T10:0${id.slice(-1)}:00.000Z`, ...extra });

describe('statusFromDeploys', () => {
  const doc = { _id: 'service.a', _type: 'service', _rev: 'r2', operation: 'update' };
  const status = statusFromDeploys([
    deploy('d6', 'enqueued', { title: hookTitle(doc) }),
    deploy('d5', 'building', { title: encodeDeployTitle(dailyTrigger()) }),
    deploy('d4', 'error', { error_message: 'Canceled build', updated_at: '2026-12-01T10:04:30.000Z' }),
    deploy('d3', 'error', { error_message: 'Build script returned non-zero exit code: 2', updated_at: '2026-12-01T10:03:40.000Z', deploy_time: 40 }),
    deploy('d9', 'ready', { context: 'deploy-preview', published_at: '2026-12-01T10:09:00.000Z' }),
    deploy('d2', 'ready', { published_at: '2026-12-01T10:02:50.000Z', deploy_time: 50, title: hookTitle({ _id: 'page.x', _type: 'page', _rev: 'p1', operation: 'create' }) }),
  ]);

  it('reports the live deploy, the running one and the queue', () => {
    expect(status.source).toBe('netlify');
    expect(status.live).toEqual({ id: 'd2', finishedAt: '2026-12-01T10:02:50.000Z' });
    expect(status.running?.id).toBe('d5');
    expect(status.running?.trigger.kind).toBe('daily');
    expect(status.queue).toEqual([{ documents: [doc], since: '2026-12-01T10:06:00.000Z' }]);
  });

  it('lists finished production deploys with cancelled apart from failed, and passes no Netlify text on', () => {
    expect(status.builds.map((build) => [build.id, build.result])).toEqual([
      ['d4', 'cancelled'],
      ['d3', 'failed'],
      ['d2', 'success'],
    ]);
    expect(status.builds[1]!.failure).toEqual({ kind: 'error', problems: [] });
    expect(status.builds[1]!.durationMs).toBe(40_000);
    expect(status.builds[2]!.trigger).toEqual({ kind: 'publish', documents: [{ _id: 'page.x', _type: 'page', _rev: 'p1', operation: 'create' }] });
    expect(JSON.stringify(status)).not.toMatch(/non-zero|Canceled build/);
  });
});

describe('deploy titles', () => {
  const doc = { _id: 'openingHours-ksp', _type: 'openingHours', _rev: 'abc', operation: 'update' };

  it('carry the trigger as versioned JSON behind a line for people', () => {
    expect(hookTitle(doc)).toBe('Sanity: update openingHours openingHours-ksp · ksp-trigger/1 {"kind":"publish","documents":[{"_id":"openingHours-ksp","_type":"openingHours","_rev":"abc","operation":"update"}]}');
    expect(encodeDeployTitle(dailyTrigger())).toBe('Daily rebuild (scheduled) · ksp-trigger/1 {"kind":"daily","documents":[]}');
  });

  it('round-trip a trigger, with or without revision, and decode no other title', () => {
    expect(decodeDeployTitle(hookTitle(doc))).toEqual(publishTrigger([doc]));
    expect(decodeDeployTitle(hookTitle({ _id: 'x', _type: 'page' }))).toEqual({ kind: 'publish', documents: [{ _id: 'x', _type: 'page' }] });
    expect(decodeDeployTitle(encodeDeployTitle(dailyTrigger()))).toEqual(dailyTrigger());
    expect(decodeDeployTitle('Deploy from GitHub')).toBeUndefined();
    expect(decodeDeployTitle('Sanity: update page x · ksp-trigger/2 {"kind":"publish","documents":[]}')).toBeUndefined();
    expect(decodeDeployTitle('Sanity: update page x · ksp-trigger/1 {"kind":"publish","documen')).toBeUndefined();
    expect(decodeDeployTitle(null)).toBeUndefined();
  });

  it('stay within the length Netlify keeps: the data before the line for people, the kind before the documents', () => {
    const long = { _id: `service.${'x'.repeat(60)}`, _type: 'service', _rev: 'r'.repeat(22), operation: 'update' };
    const title = hookTitle(long);
    expect(title.length).toBeLessThanOrEqual(MAX_DEPLOY_TITLE);
    expect(title.startsWith('ksp-trigger/1 ')).toBe(true);
    expect(decodeDeployTitle(title)).toEqual(publishTrigger([long]));
    const longer = { ...long, _id: `service.${'x'.repeat(200)}` };
    expect(hookTitle(longer).length).toBeLessThanOrEqual(MAX_DEPLOY_TITLE);
    expect(decodeDeployTitle(hookTitle(longer))).toEqual({ kind: 'publish', documents: [] });
  });
});
