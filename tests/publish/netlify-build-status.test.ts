// The optional Netlify Function /api/build-status: 501 without NETLIFY_API_TOKEN (the Studio then
// uses the manifest alone), Netlify's deploy list as the status with the token, which is sent to
// Netlify only and never returned; CORS for the Studio's origin only.
import type { Context } from '@netlify/functions';
import { afterEach, describe, expect, it } from 'vitest';
import buildStatus, { config } from '../../netlify/functions/build-status.ts';
import { BUILD_STATUS_PATH, parseBuildStatus } from '../../core/publish/build-status.ts';
import { DEFAULT_STUDIO_ORIGIN } from '../../core/publish/studio-origin.ts';

const TOKEN = 'nfp_test_token_must_not_leak_0123456789';
const context = { site: { id: 'site-123' } } as unknown as Context;
const request = (origin = DEFAULT_STUDIO_ORIGIN) => new Request(`https://ksp.example${BUILD_STATUS_PATH}`, { headers: { Origin: origin } });

afterEach(() => {
  delete process.env.NETLIFY_API_TOKEN;
});

describe('Netlify Function build-status', () => {
  it('is routed at the status path', () => {
    expect(config.path).toBe(BUILD_STATUS_PATH);
  });

  it('answers 501 without NETLIFY_API_TOKEN and never calls Netlify', async () => {
    let calls = 0;
    const response = await buildStatus(request(), context, async () => {
      calls += 1;
      return new Response('[]');
    });
    expect(response.status).toBe(501);
    expect(calls).toBe(0);
    expect(response.headers.get('access-control-allow-origin')).toBe(DEFAULT_STUDIO_ORIGIN);
  });

  it('says to check the token when Netlify refuses it', async () => {
    process.env.NETLIFY_API_TOKEN = TOKEN;
    const response = await buildStatus(request(), context, async () => new Response('{"code":401}', { status: 401 }));
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/Check NETLIFY_API_TOKEN/);
  });

  it('turns the deploy list into the status, sends the token to Netlify only, and allows only the Studio', async () => {
    process.env.NETLIFY_API_TOKEN = TOKEN;
    const seen: { url: string; auth: string | null }[] = [];
    const response = await buildStatus(request(), context, async (input, init) => {
      seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
      return Response.json([{ id: 'd1', state: 'ready', context: 'production', created_at: '2026-12-01T10:00:00Z', published_at: '2026-12-01T10:01:00Z', title: 'Daily rebuild (scheduled)' }]);
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ url: 'https://api.netlify.com/api/v1/sites/site-123/deploys?per_page=25', auth: `Bearer ${TOKEN}` }]);
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    expect(parseBuildStatus(JSON.parse(text))?.live).toEqual({ id: 'd1', finishedAt: '2026-12-01T10:01:00Z' });
    expect(response.headers.get('access-control-allow-origin')).toBe(DEFAULT_STUDIO_ORIGIN);
    const other = await buildStatus(request('https://evil.example'), context, async () => Response.json([]));
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
