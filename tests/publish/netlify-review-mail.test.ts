// The review reminders on Netlify (issue 27): the scheduled function review-digest, the webhook
// function's answer to "Erinnerungen jetzt senden" and /api/review-mail, against Netlify's own
// Blobs emulation (BlobsServer), the local Content Lake and a local SMTP server on 127.0.0.1. Two
// invocations in one week send one digest; a request is answered once per cooldown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobsServer } from '@netlify/blobs/server';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import reviewDigest, { config as digestConfig } from '../../netlify/functions/review-digest.ts';
import reviewMailStatus, { config as statusConfig } from '../../netlify/functions/review-mail-status.ts';
import sanityWebhook from '../../netlify/functions/sanity-webhook.ts';
import { addDays, berlinDate } from '../../core/review/dates.ts';
import { weeklySlot } from '../../core/review/schedule.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';
import { signBody } from '../../core/publish/signature.ts';
import { SECRET } from './helpers.ts';

const TOKEN = 'local-blobs-token-review';
const STUDIO = 'https://studio.example.org';
const work = mkdtempSync(path.join(tmpdir(), 'ksp-netlify-review-'));
const today = berlinDate(new Date());
let blobs: BlobsServer;
let lake: RecordingLake;
let smtp: SMTPServer;
const received: { to: string; text: string }[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  blobs = new BlobsServer({ directory: path.join(work, 'blobs'), token: TOKEN });
  const { port } = await blobs.start();
  const blobsUrl = `http://127.0.0.1:${port}`;
  lake = await startRecordingLake({
    documents: [
      { _id: 'service-sperrmuell-anmelden', _type: 'service', title: { de: 'Sperrmüll anmelden' }, reviewOwner: { name: 'Team Stadtreiniger', email: 'stadtreiniger@example.org' }, nextReview: addDays(today, -3) },
      { _id: 'page-anfahrt', _type: 'page', title: { de: 'Anfahrt' }, reviewOwner: { name: 'Team KSP-Redaktion', email: 'ksp-redaktion@example.org' }, nextReview: addDays(today, 5) },
    ],
  });
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          received.push({ to: to?.value[0]?.address ?? '', text: mail.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    SANITY_WEBHOOK_SECRET: SECRET,
    NETLIFY_BUILD_HOOK_URL: 'http://127.0.0.1:9/build_hooks/never-called-here',
    SANITY_PROJECT_ID: lake.projectId,
    SANITY_DATASET: lake.dataset,
    SANITY_API_HOST: lake.apiHost,
    STUDIO_ORIGIN: STUDIO,
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`,
    REVIEW_MAIL_FROM: 'KSP-Redaktion <redaktion@example.org>',
    NETLIFY_BLOBS_CONTEXT: Buffer.from(JSON.stringify({ edgeURL: blobsUrl, uncachedEdgeURL: blobsUrl, token: TOKEN, siteID: 'ksp-test-site' })).toString('base64'),
  });
});

afterAll(async () => {
  process.env = saved;
  await blobs?.stop();
  await lake?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

describe('review reminders on Netlify', () => {
  it('runs weekly on Mondays at 06:05 UTC and answers /api/review-mail', () => {
    expect(digestConfig.schedule).toBe('5 6 * * 1');
    expect(statusConfig.path).toBe('/api/review-mail');
  });

  it.skipIf(!weeklySlot(new Date()).due)('sends one digest per owner once a week, however often Netlify invokes it', async () => {
    expect((await reviewDigest()).status).toBe(200);
    expect(received.map((mail) => mail.to).sort()).toEqual(['ksp-redaktion@example.org', 'stadtreiniger@example.org']);
    expect(received.find((mail) => mail.to === 'stadtreiniger@example.org')!.text).toContain(`${STUDIO}/intent/edit/id=service-sperrmuell-anmelden;type=service/`);
    expect(await (await reviewDigest()).json()).toEqual({ skipped: 'already sent this week' });
    expect(received).toHaveLength(2);
  });

  it('answers a signed request from the Studio with the digest, once per cooldown, and an unsigned one with 401', async () => {
    const before = received.length;
    const url = 'http://localhost/webhooks/sanity';
    const post = async (rev: string, secret = SECRET) => {
      const body = JSON.stringify({ _id: 'ksp-reviewDigestRequest', _type: 'reviewDigestRequest', _rev: rev, operation: 'update' });
      return sanityWebhook(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'sanity-webhook-signature': await signBody(body, secret, Date.now()) }, body }));
    };
    expect((await post('n-1', 'wrong-secret-0123456789abcdef')).status).toBe(401);
    const first = await post('n-2');
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ digest: 'sent' });
    expect(received.length - before).toBe(2);
    expect(await (await post('n-3')).json()).toMatchObject({ digest: 'cooldown' });
    expect(received.length - before).toBe(2);
  });

  it('tells the Studio that mail is on and when it last went out, CORS for the Studio only', async () => {
    const studio = await reviewMailStatus(new Request('http://localhost/api/review-mail', { headers: { Origin: STUDIO } }));
    expect(studio.headers.get('access-control-allow-origin')).toBe(STUDIO);
    const body = (await studio.json()) as { state: string; lastRun: { kind: string; sent: number } };
    expect(body).toMatchObject({ state: 'on', lastRun: { kind: 'request', sent: 2 } });
    expect(JSON.stringify(body)).not.toContain('@');
    const other = await reviewMailStatus(new Request('http://localhost/api/review-mail', { headers: { Origin: 'https://evil.example' } }));
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
